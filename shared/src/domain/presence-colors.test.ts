import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrastRatio, PRESENCE_FALLBACK_COLOR, PRESENCE_PALETTE, presenceColorFor } from './presence-colors';

/** The board's light backgrounds (client/src/app.css: --surface, --bg, --surface-2). */
const BACKGROUNDS = ['#ffffff', '#f6f7f9', '#f0f2f5'];
const COLORS = [...PRESENCE_PALETTE, PRESENCE_FALLBACK_COLOR];

describe('presence colours', () => {
  it('contrastRatio matches known WCAG values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it.each(COLORS)('%s: white name labels ≥ 4.5:1, lines and borders on every board background ≥ 3:1', (color) => {
    expect(contrastRatio(color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    for (const bg of BACKGROUNDS) expect(contrastRatio(color, bg)).toBeGreaterThanOrEqual(3);
  });

  it('twelve distinct colours; every user id maps to one of them, always the same one', () => {
    expect(new Set(PRESENCE_PALETTE).size).toBe(12);
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const c = presenceColorFor(id);
        expect(PRESENCE_PALETTE).toContain(c);
        expect(presenceColorFor(id)).toBe(c);
      }),
    );
  });
});
