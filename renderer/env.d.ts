// Vite bundles CSS imported from TypeScript into the extracted stylesheet.
declare module '*.css';
