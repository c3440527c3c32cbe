import { createHash } from 'node:crypto';

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/**
 * The CSP source expressions ('sha256-…') of the inline scripts in a page: what script-src must list so
 * that exactly these run (the client's boot script, client/vite/inline-early-boot.ts) and no other
 * inline script does. A script with a src is a file, governed by 'self'. The hash is of the element's
 * text as served, which is what the browser hashes.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attrs, body] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attrs ?? '')) continue;
    hashes.add(`'sha256-${createHash('sha256').update(body ?? '', 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}
