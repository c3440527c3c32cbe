import { describe, expect, it } from 'vitest';
import { inlineScriptHashes } from './inline-scripts';

describe('inlineScriptHashes', () => {
  it("is the CSP hash of each inline script's text as written (the CSP specification's example)", () => {
    expect(inlineScriptHashes("<head><script>alert('Hello, world.');</script></head>")).toEqual(["'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"]);
  });

  it('skips script files, lists a repeated script once, and hashes whitespace and attributes as the browser does', () => {
    const html = `<script type="module" crossorigin src="/assets/a.js"></script>
      <SCRIPT nonce="x">alert('Hello, world.');</SCRIPT >
      <script> alert('Hello, world.');</script>
      <script>alert('Hello, world.');</script>`;
    const hashes = inlineScriptHashes(html);
    expect(hashes).toHaveLength(2);
    expect(hashes[0]).toBe("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    expect(hashes[1]).not.toBe(hashes[0]);
  });

  it('a page without inline scripts allows none', () => {
    expect(inlineScriptHashes('<!doctype html><title>x</title><script src="/a.js"></script>')).toEqual([]);
  });
});
