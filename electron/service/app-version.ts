// The app's version, as package.json states it (a unit test keeps the two equal): written into audit reports so a
// report says what made it. A constant, because the compiled files do not sit at a fixed depth below package.json.
export const APP_VERSION = '0.1.0';
