/**
 * Import for its effect, before any module that builds a schema: turns zod's compiled parsers off,
 * for pages served under a Content-Security-Policy without 'unsafe-eval'. zod decides while it
 * builds each object schema, probing with `new Function('')`; the probe's throw is caught, but the
 * browser still fires (and would report) a `securitypolicyviolation` for it. The server keeps the JIT.
 */
import { z } from 'zod';

z.config({ jitless: true });
