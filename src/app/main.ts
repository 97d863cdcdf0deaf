import { mount } from 'svelte';
import App from './App.svelte';
import { startup } from './state/loading.svelte';
import './app.css';

mount(App, { target: document.getElementById('app')! });
startup(); // the bundled seed and sample, whatever view the page opens on
