// Entry point: global styles, then the app mounted into #app.
import { mount } from 'svelte';
import App from './App.svelte';
// Installs the remembered time zone before anything is drawn, so no time is first shown in the other zone.
import './lib/time-zone-setting.svelte.js';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
