// First: the app is served with `script-src 'self'` (no eval), so no schema may be built with zod's JIT.
import '@schedhuler/shared/schema-jit-off';
import { mount } from 'svelte';
import App from './app.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

export default mount(App, { target });
