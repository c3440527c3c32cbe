// First: the app is served with `script-src 'self'` (no eval), so no schema may be built with zod's JIT;
// here, in the entry, it runs before any chunk that builds one.
import '@schedhuler/shared/schema-jit-off';
import { startEarlyRequests } from './lib/early-requests';
import './app.css';

// Issue 12: the session and a board's first snapshot are asked for at once, before the app's code
// (a separate chunk) is loaded and compiled; the session and the board store take these answers.
startEarlyRequests(window.location.hash, Date.now());
void import('./app-start');
