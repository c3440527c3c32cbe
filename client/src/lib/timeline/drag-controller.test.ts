import { describe, expect, it } from 'vitest';
import { DragController } from './drag-controller.svelte';
import type { DragHost } from './drag-controller.svelte';
import type { Placement } from './drag-maths';
import { HOUR, MINUTE } from './time-scale';

const PX_PER_HOUR = 60; // 1 px per minute
const T0 = Date.parse('2027-03-25T00:00:00Z');
const at = (h: number) => T0 + h * HOUR;

interface Log {
  commits: [string, Placement][];
  moves: Placement[];
  ends: [string, boolean][];
  said: string[];
  selected: (string | null)[];
  created: [string, number, number][];
}

/** A board of two vans: rows at y 0–36 (van-1) and 36–72 (van-2); x px = minutes after T0 minus the scroll. */
function setup() {
  const log: Log = { commits: [], moves: [], ends: [], said: [], selected: [], created: [] };
  const view = { scroll: 0 };
  const booked = [
    { id: 'blocker', assetId: 'van-2', start: at(4), end: at(5), status: 'scheduled' },
    { id: 'gone', assetId: 'van-2', start: at(6), end: at(7), status: 'cancelled' },
  ];
  const host: DragHost = {
    canEdit: () => true,
    snapMin: () => 5,
    timeAtClientX: (x) => T0 + ((x + view.scroll) / PX_PER_HOUR) * HOUR,
    assetAtClientY: (y) => (y >= 0 && y < 36 ? 'van-1' : y >= 36 && y < 72 ? 'van-2' : null),
    sameKindOrder: () => ['van-1', 'van-2'],
    neighbours: (assetId) => booked.filter((b) => b.assetId === assetId),
    describe: (p) => `${p.assetId} ${(p.start - T0) / MINUTE}`,
    ensureVisible: () => {},
    select: (id) => log.selected.push(id),
    onCommit: (id, p) => log.commits.push([id, p]),
    onAnnounce: (t) => log.said.push(t),
    onDragMove: (_id, p) => log.moves.push(p),
    onDragEnd: (id, c) => log.ends.push([id, c]),
    onCreateAt: (a, t, m) => log.created.push([a, t, m]),
  };
  return { drag: new DragController(host), log, view };
}

const mover = { id: 'mover', assetId: 'van-2', start: at(2), end: at(3), pending: false };
const ptr = (clientX: number, clientY: number) => ({ pointerId: 1, clientX, clientY, button: 0 });

describe('DragController', () => {
  it('below the threshold a press is a click: selected, nothing moved or saved', () => {
    const { drag, log } = setup();
    drag.pointerDown(ptr(150, 50), mover, 'move');
    drag.pointerMove(ptr(152, 51));
    drag.pointerUp(ptr(152, 51));
    expect(log.selected).toEqual(['mover']);
    expect(log.moves).toEqual([]);
    expect(log.commits).toEqual([]);
  });

  it('a drag follows the pointer, snapped, and saves on release', () => {
    const { drag, log } = setup();
    drag.pointerDown(ptr(150, 50), mover, 'move');
    expect(drag.pointerMove(ptr(211, 50))).toBe(true); // +61 min → +60 snapped
    expect(drag.placement).toEqual({ assetId: 'van-2', start: at(3), end: at(4) });
    expect(drag.refused).toBe(false);
    drag.pointerUp(ptr(211, 50));
    expect(log.commits).toEqual([['mover', { assetId: 'van-2', start: at(3), end: at(4) }]]);
    expect(log.ends).toEqual([['mover', true]]);
    expect(drag.edit).toBeNull();
  });

  it('over a scheduled neighbour the placement is refused before release, and clears when it leaves', () => {
    const { drag } = setup();
    drag.pointerDown(ptr(150, 50), mover, 'move');
    drag.pointerMove(ptr(270, 50)); // 04:00–05:00 on van-2: the blocker's slot
    expect(drag.refused).toBe(true);
    expect(drag.overlaps.map((o) => o.id)).toEqual(['blocker']);
    drag.pointerMove(ptr(390, 50)); // 06:00–07:00: only a cancelled one there
    expect(drag.refused).toBe(false);
    drag.pointerMove(ptr(270, 10)); // 04:00 on van-1: free
    expect(drag.placement?.assetId).toBe('van-1');
    expect(drag.refused).toBe(false);
  });

  it('keeps the block under the pointer when the board scrolls beneath a resting pointer', () => {
    const { drag, view } = setup();
    drag.pointerDown(ptr(150, 50), mover, 'move');
    drag.pointerMove(ptr(160, 50));
    expect(drag.placement?.start).toBe(at(2) + 10 * MINUTE);
    view.scroll = 120; // auto-scroll moved the content 2 h under the pointer
    drag.reproject();
    expect(drag.placement?.start).toBe(at(4) + 10 * MINUTE);
  });

  it('Escape drops a pointer drag without saving; resize moves only the end', () => {
    const { drag, log } = setup();
    drag.pointerDown(ptr(150, 50), mover, 'move');
    drag.pointerMove(ptr(270, 50));
    expect(drag.escape()).toBe(true);
    drag.pointerUp(ptr(270, 50));
    expect(log.commits).toEqual([]);
    expect(log.ends).toEqual([['mover', false]]);
    drag.pointerDown(ptr(170, 50), mover, 'resize');
    drag.pointerMove(ptr(200, 50));
    expect(drag.placement).toEqual({ assetId: 'van-2', start: at(2), end: at(3) + 30 * MINUTE });
  });

  it('keyboard: arrows move, the announcement warns of an overlap, Enter saves, Escape cancels, blur abandons', () => {
    const { drag, log } = setup();
    const key = (k: string, shiftKey = false) => drag.key({ key: k, shiftKey, preventDefault: () => {} }, mover);
    const near = { ...mover, start: at(3) + 5 * MINUTE, end: at(4) + 5 * MINUTE };
    drag.key({ key: 'ArrowLeft', shiftKey: false, preventDefault: () => {} }, near);
    expect(drag.placement?.start).toBe(at(3));
    drag.key({ key: 'ArrowRight', shiftKey: false, preventDefault: () => {} }, near);
    expect(drag.refused).toBe(true);
    expect(log.said.at(-1)).toContain('saving would be refused');
    drag.key({ key: 'Escape', shiftKey: false, preventDefault: () => {} }, near);
    expect(log.said.at(-1)).toBe('Move cancelled');
    key('ArrowRight');
    key('Enter');
    expect(log.commits).toEqual([['mover', { assetId: 'van-2', start: at(2) + 5 * MINUTE, end: at(3) + 5 * MINUTE }]]);
    key('ArrowDown');
    drag.blur('mover');
    expect(log.commits).toHaveLength(1);
    expect(drag.edit).toBeNull();
  });

  it('a press-drag over an empty stretch selects a range to create in, at least one snap long', () => {
    const { drag, log } = setup();
    drag.rangeDown(ptr(60, 10), { assetId: 'van-1', top: 0, height: 36 });
    drag.pointerMove(ptr(122, 10));
    expect(drag.range?.to).toBe(at(2));
    drag.pointerUp(ptr(122, 10));
    expect(log.created).toEqual([['van-1', at(1), 60]]);
    drag.rangeDown(ptr(60, 10), { assetId: 'van-1', top: 0, height: 36 });
    drag.pointerUp(ptr(61, 10));
    expect(log.created).toHaveLength(1);
  });
});
