import { describe, expect, it } from 'vitest';
import { freeSlotAfter, localConflicts, slotSuggestion } from './slot-suggestions';

const T = (hm: string) => Date.parse(`2026-12-01T${hm}:00Z`);
const blocks = [
  { assetId: 'v1', start: T('08:00'), end: T('09:00'), name: 'Fuel run', occ: { jobId: 'j1' } },
  { assetId: 'v1', start: T('09:00'), end: T('09:30'), name: 'Wash', occ: { jobId: 'j2' } },
  { assetId: 'v2', start: T('09:30'), end: T('12:00'), name: 'Other van', occ: { jobId: 'j3' } },
];

describe('slot suggestions', () => {
  it('finds the bookings that overlap, ignoring the job being edited', () => {
    expect(localConflicts(blocks, 'v1', T('08:30'), T('09:15'), null).map((b) => b.name)).toEqual(['Fuel run', 'Wash']);
    expect(localConflicts(blocks, 'v1', T('08:30'), T('09:15'), 'j1').map((b) => b.name)).toEqual(['Wash']);
    expect(localConflicts(blocks, 'v1', T('09:30'), T('10:00'), null)).toEqual([]);
  });

  it('finds the next free slot of the same length on the same asset', () => {
    expect(freeSlotAfter(blocks, 'v1', T('08:10'), 60, null)).toEqual({ start: T('09:30'), end: T('10:30') });
  });

  it('moves a fixed-time cron to the free time in the board zone, not an interval cron', () => {
    // 09:30Z is 10:30 in Berlin.
    expect(slotSuggestion('0 9 * * 1-5', blocks, 'v1', T('08:00'), 60, null, 'Europe/Berlin')).toEqual({ kind: 'cron', cron: '30 10 * * 1-5', start: T('09:30'), end: T('10:30') });
    expect(slotSuggestion('0 */2 * * *', blocks, 'v1', T('08:00'), 60, null, 'Europe/Berlin')).toBeNull();
  });
});
