/** Where a block's name goes: inside it, just right of it, or shortened inside it. */
export type LabelMode = 'inside' | 'beside' | 'abbreviated';

export interface LabelPlacement {
  mode: LabelMode;
  /** The text drawn (the full name unless abbreviated; empty when not even one letter fits). */
  text: string;
}

/** Average width of a 12 px semibold character; the names are short, an estimate is enough. */
export const CHAR_PX = 7;
/** Horizontal padding inside a block (6 px each side). */
export const INSIDE_PAD = 12;
/** Gap kept between a label drawn beside a block and the next block. */
export const BESIDE_GAP = 8;

export function textPx(text: string): number {
  return text.length * CHAR_PX;
}

/** "Retail route" → "RR"; "van check" → "VC". */
export function initials(name: string): string {
  return name
    .split(/[\s\-_/]+/u)
    .filter(Boolean)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');
}

/** The name cut to about `px` wide, ending in "…" when cut. */
function clipTo(name: string, px: number): string {
  const chars = [...name];
  const fit = Math.floor(px / CHAR_PX);
  return chars.length <= fit ? name : `${chars.slice(0, Math.max(1, fit - 1)).join('').trimEnd()}…`;
}

/**
 * Places a name for a block `width` px wide with `roomRight` px free to its right in its row (up to the
 * next block or the end of the range): inside when it fits, otherwise beside when the next block leaves
 * room, otherwise as much as fits inside (ellipsis, or initials on a sliver, beside it if they do not
 * fit inside). `reserved` is what the
 * block's badges take. The full name is always in the accessible name and the tooltip.
 */
export function placeLabel(name: string, width: number, roomRight: number, reserved = 0): LabelPlacement {
  const avail = width - INSIDE_PAD - reserved;
  const need = textPx(name);
  if (need <= avail) return { mode: 'inside', text: name };
  if (need + BESIDE_GAP * 2 <= roomRight) return { mode: 'beside', text: name };
  const fit = Math.floor(Math.max(0, width - 4 - reserved) / CHAR_PX);
  const chars = [...name];
  if (fit >= 4) return { mode: 'abbreviated', text: `${chars.slice(0, fit - 1).join('').trimEnd()}…` };
  // Beside, clipped with an ellipsis, still says more than initials once five letters fit there. The
  // ellipsis is part of the text: a name cut by the next block ("Night rou") reads as the whole name.
  if (CHAR_PX * 5 + BESIDE_GAP * 2 <= roomRight) return { mode: 'beside', text: clipTo(name, roomRight - BESIDE_GAP * 2) };
  const short = initials(name);
  if ([...short].length <= fit) return { mode: 'abbreviated', text: short };
  // A sliver: its initials beside it when there is room, else as many as fit (none on the thinnest).
  if (textPx(short) + BESIDE_GAP * 2 <= roomRight) return { mode: 'beside', text: short };
  return { mode: 'abbreviated', text: [...short].slice(0, Math.max(0, fit)).join('') };
}

/**
 * Milliseconds from `block`'s end to the start of the next block on its row that starts at or after that
 * end (`sorted` is the row's blocks in start order); Infinity when nothing follows.
 */
export function gapAfter(sorted: readonly { id: string; start: number }[], block: { id: string; end: number }): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < block.end) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length; i++) if (sorted[i]!.id !== block.id) return sorted[i]!.start - block.end;
  return Infinity;
}
