import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The renderer is built once and served two ways: from file:// in Electron and by the browser host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Inline nothing: the CSP allows scripts and styles from the app's own files only.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
