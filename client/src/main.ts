// First: the app is served with `script-src 'self'` and the boot script's hash (no eval), so no schema may be built with zod's JIT;
// here, in the entry, it runs before any chunk that builds one.
import '@schedhuler/shared/schema-jit-off';
import { adoptEarly, EARLY_GLOBAL, fetchEarly, type EarlyWindow } from './lib/early-requests';
import './app.css';

// Issues 12 and 13: the session and a board's first snapshot are asked for at once, before the app's
// code (a separate chunk) is loaded and compiled, by the boot script inlined in the page (early-boot.ts)
// or, where there is none (the dev server), here; the session and the board store take these answers.
adoptEarly((window as EarlyWindow)[EARLY_GLOBAL] ?? fetchEarly(window.location.hash, Date.now(), { width: window.innerWidth, height: window.innerHeight }));
void import('./app-start');
