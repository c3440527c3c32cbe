// The page's boot script: vite/inline-early-boot.ts bundles this file alone and inlines it in
// index.html's head (its hash is in the server's script-src), so the session and the board's first
// snapshot are asked for while the script files are still on their way. main.ts takes them over.
import { EARLY_GLOBAL, fetchEarly, type EarlyWindow } from './lib/early-requests';

(window as EarlyWindow)[EARLY_GLOBAL] = fetchEarly(window.location.hash, Date.now(), { width: window.innerWidth, height: window.innerHeight });
