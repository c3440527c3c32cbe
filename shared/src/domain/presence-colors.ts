/**
 * Presence colours: each user's cursor, drag ghost and name label on the board. Every colour
 * carries white label text (WCAG 1.4.3: ≥ 4.5:1) and is drawn as a 2 px line or dashed border on
 * the light board backgrounds (WCAG 1.4.11: ≥ 3:1); `presence-colors.test.ts` checks both. Twelve
 * hues far enough apart to tell a dozen planners apart.
 */
export const PRESENCE_PALETTE = [
  '#c62828', // red
  '#b4530a', // burnt orange
  '#5f6b00', // olive
  '#2e7d32', // green
  '#00796b', // teal
  '#0b5f8a', // steel blue
  '#1565c0', // blue
  '#4527a0', // indigo
  '#8e24aa', // purple
  '#ad1457', // raspberry
  '#795548', // brown
  '#1b5e20', // forest
] as const;

/** For a user whose colour is not known (yet): a neutral slate that meets the same contrast. */
export const PRESENCE_FALLBACK_COLOR = '#525c69';

/** A stable colour per user (FNV-1a of the id), the same on every node and every board. */
export function presenceColorFor(userId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 0x01000193);
  return PRESENCE_PALETTE[(h >>> 0) % PRESENCE_PALETTE.length]!;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function relativeLuminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}
