// The sandboxed preload: bundled by esbuild into dist/electron/preload.cjs. Exposes the contract, never ipcRenderer.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeBridge } from './shell/preload-bridge.js';

exposeBridge(contextBridge, ipcRenderer, webUtils);
