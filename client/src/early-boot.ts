// The page's boot script: vite/inline-early-boot.ts bundles this file alone and inlines it in
// index.html's head (its hash is in the server's script-src), so the session and the board's first
// snapshot are asked for while the script files are still on their way. main.ts takes them over.
import { EARLY_GLOBAL, fetchEarly, type EarlyWindow } from './lib/early-requests';

(window as EarlyWindow)[EARLY_GLOBAL] = fetchEarly(window.location.hash, Date.now(), { width: window.innerWidth, height: window.innerHeight });

// Issue 13.2: the page's first Intl.DateTimeFormat with a time zone loads ICU's zone data, 12-35 ms of
// the main thread in headless Chromium whatever the zone (later ones, any zone: 0.1-5 ms). The board
// needs one before its first draw (the toolbar's day, the blocks' times), on the open's critical path;
// here it runs in a task of its own while the page still waits for its script files. A 10,000 board's
// cold open (bench/board-ab.ts): median 392 → 379 ms, lower in 6 of 8 rounds taking turns (2026-12-01).
setTimeout(() => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric' }).format(0), 0);
