import { MINUTE, snapTime } from './time-scale';

export interface Placement {
  assetId: string;
  start: number;
  end: number;
}

export type DragMode = 'move' | 'resize';

/**
 * Where a block would land after dragging it by `dtMs` (pointer delta converted to time) onto
 * `targetAssetId`. Moves keep the duration; resizes move only the end and keep at least one snap step.
 */
export function proposeDrag(origin: Placement, mode: DragMode, dtMs: number, targetAssetId: string | null, snapMin: number): Placement {
  if (mode === 'resize') {
    const minEnd = origin.start + snapMin * MINUTE;
    return { assetId: origin.assetId, start: origin.start, end: Math.max(minEnd, snapTime(origin.end + dtMs, snapMin)) };
  }
  const duration = origin.end - origin.start;
  const start = snapTime(origin.start + dtMs, snapMin);
  return { assetId: targetAssetId ?? origin.assetId, start, end: start + duration };
}

export interface KeyInput {
  key: string;
  shiftKey: boolean;
}

/**
 * Keyboard equivalent of a drag: ←/→ move by one snap step, Shift+←/→ resize the end, ↑/↓ move to the
 * previous/next row in `assetOrder`. Returns null for keys that do not move the block.
 */
export function keyboardStep(current: Placement, input: KeyInput, snapMin: number, assetOrder: readonly string[]): Placement | null {
  const step = snapMin * MINUTE;
  const duration = current.end - current.start;
  switch (input.key) {
    case 'ArrowLeft':
    case 'ArrowRight': {
      const dir = input.key === 'ArrowLeft' ? -1 : 1;
      if (input.shiftKey) {
        const end = Math.max(current.start + step, snapTime(current.end, snapMin) + dir * step);
        return { ...current, end };
      }
      const start = snapTime(current.start, snapMin) + dir * step;
      return { ...current, start, end: start + duration };
    }
    case 'ArrowUp':
    case 'ArrowDown': {
      if (input.shiftKey) return null;
      const i = assetOrder.indexOf(current.assetId);
      const j = i + (input.key === 'ArrowUp' ? -1 : 1);
      if (i === -1 || j < 0 || j >= assetOrder.length) return current;
      return { ...current, assetId: assetOrder[j]! };
    }
    default:
      return null;
  }
}

export function samePlacement(a: Placement, b: Placement): boolean {
  return a.assetId === b.assetId && a.start === b.start && a.end === b.end;
}

/** Pointer movement below this many px is a click, not a drag. */
export const DRAG_THRESHOLD_PX = 4;
