import { describe, expect, it } from 'vitest';
import type { AssetDto } from '@schedhuler/shared';
import type { TimelineBlock } from '../board/board-store.svelte';
import { makeOcc } from '../../test-support/factories';
import { blockFace } from './block-face';
import type { FaceInput } from './block-face';

const ZONE = 'Europe/Berlin';
const START = Date.parse('2027-03-22T08:00:00Z'); // Monday 09:00 in Berlin
const END = START + 60 * 60_000;
const van: AssetDto = { id: 'v1', boardId: 'board-1', code: 'VAN-1', name: 'Van 1', kind: 'vehicle', status: 'working', version: 1 };

function input(over: Partial<FaceInput> = {}, block: Partial<TimelineBlock> = {}): FaceInput {
  const occ = makeOcc({ id: 'o1', jobId: 'j1', assetId: 'v1', startsAt: new Date(START).toISOString(), endsAt: new Date(END).toISOString() });
  const b: TimelineBlock = { id: 'o1', assetId: 'v1', start: START, end: END, occ, kind: 'task', name: 'Retail route', conflicted: false, pending: false, ...block };
  return { block: b, asset: van, assetsById: new Map([[van.id, van]]), zone: ZONE, start: START, end: END, width: 300, height: 30, editing: false, roomRight: 0, pxPerMs: 300 / (END - START), ...over };
}

describe('blockFace', () => {
  it('a wide block shows its name and times, and its accessible name starts with them', () => {
    const f = blockFace(input());
    expect(f.place.mode).toBe('inside');
    expect(f.nameText).toBe(true);
    expect(f.showTime).toBe(true);
    expect(f.timeText).toBe('09:00–10:00');
    expect(f.label.startsWith('Retail route 09:00–10:00')).toBe(true);
    expect(f.initials).toBe('');
  });

  it('shows the times being dragged to, not the stored ones', () => {
    expect(blockFace(input({ start: START + 30 * 60_000, end: END + 30 * 60_000 })).timeText).toBe('09:30–10:30');
  });

  it('a sliver gets initials (not text) and no times; beside it when the row leaves room, except while moved', () => {
    const sliver = blockFace(input({ width: 20 }));
    expect(sliver.nameText).toBe(false);
    expect(sliver.initials).toBe('RR');
    expect(sliver.showTime).toBe(false);
    expect(blockFace(input({ width: 20, roomRight: 200 })).place.mode).toBe('beside');
    expect(blockFace(input({ width: 20, roomRight: 200, editing: true })).place.mode).toBe('abbreviated');
    // Nothing inside to mount (its initials are CSS); a conflicted sliver has its badge.
    expect(sliver.inner).toBe(false);
    expect(blockFace(input({ width: 20 }, { conflicted: true }))).toMatchObject({ marks: true, inner: true });
    expect(blockFace(input())).toMatchObject({ marks: false, inner: true });
  });

  it('a conflicted block keeps room for its badge; a flagged asset is named in the label', () => {
    const name = 'x'.repeat(40); // 280 px of text
    expect(blockFace(input({}, { name })).place.mode).toBe('inside');
    expect(blockFace(input({}, { name, conflicted: true })).place.mode).toBe('abbreviated');
    const broken = { ...van, status: 'maintenance' as const };
    const f = blockFace(input({ asset: broken, assetsById: new Map([[van.id, broken]]) }));
    expect(f.flag?.status).toBe('maintenance');
    expect(f.label.endsWith('VAN-1 Van 1 is in maintenance')).toBe(true);
  });

  it('stop marks at their offsets from the start, none when they would crowd the block', () => {
    const stops = [0, 20, 40].map((m, i) => ({ seq: i + 1, assetId: 'v1', startsAt: new Date(START + m * 60_000).toISOString(), endsAt: new Date(START + (m + 10) * 60_000).toISOString() }));
    const base = input();
    const tour = { ...base.block, occ: { ...base.block.occ, stops } };
    expect(blockFace({ ...base, block: tour }).stops).toEqual([100, 200]);
    expect(blockFace({ ...base, block: tour, width: 20 }).stops).toEqual([]);
  });
});
