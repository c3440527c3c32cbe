import { describe, expect, it } from 'vitest';
import { tourVisits, type VisitSource } from './tour-visits';

const assets = new Map([
  ['g1', { kind: 'person' as const }],
  ['gate', { kind: 'checkpoint' as const }],
  ['yard', { kind: 'checkpoint' as const }],
  ['north', { kind: 'site' as const }],
  ['van', { kind: 'vehicle' as const }],
]);
const T = Date.parse('2026-12-01T21:00:00Z');
const iso = (min: number) => new Date(T + min * 60_000).toISOString();

function tour(id: string, name: string, stops: [string, number, number][], shiftMin = 0): VisitSource {
  return {
    id,
    name,
    kind: 'internal_tour',
    start: T + shiftMin * 60_000,
    occ: { startsAt: iso(0), stops: stops.map(([assetId, s, e], i) => ({ seq: i + 1, assetId, startsAt: iso(s), endsAt: iso(e) })) },
  };
}

describe('tourVisits', () => {
  it('puts a mark for each stop on a site or checkpoint, at the stop time, named by the tour', () => {
    const v = tourVisits([tour('o1', 'Night patrol', [['gate', 0, 10], ['yard', 15, 35]])], assets);
    expect([...v.keys()].sort()).toEqual(['gate', 'yard']);
    expect(v.get('gate')).toEqual([{ key: 'o1:1', assetId: 'gate', occurrenceId: 'o1', tourName: 'Night patrol', kind: 'internal_tour', seq: 1, start: T, end: T + 600_000 }]);
    expect(v.get('yard')![0]!.start).toBe(T + 15 * 60_000);
  });

  it('ignores stops on assets that are not places, unknown assets and blocks without stops', () => {
    const v = tourVisits(
      [tour('o1', 'Odd', [['van', 0, 10], ['ghost', 10, 20], ['g1', 20, 30]]), { id: 't', name: 'Task', kind: 'task', start: T, occ: { startsAt: iso(0) } }],
      assets,
    );
    expect(v.size).toBe(0);
  });

  it('moves the visits with a block being dragged (stops keep their offsets)', () => {
    const v = tourVisits([tour('o1', 'Night patrol', [['gate', 5, 10]], 60)], assets);
    expect(v.get('gate')![0]!.start).toBe(T + 65 * 60_000);
  });

  it('keeps only visits overlapping the range, sorted by time across tours', () => {
    const blocks = [tour('o2', 'Late', [['gate', 120, 130]]), tour('o1', 'Early', [['gate', 0, 10], ['gate', 60, 70]])];
    const v = tourVisits(blocks, assets, T + 5 * 60_000, T + 125 * 60_000);
    expect(v.get('gate')!.map((x) => `${x.tourName}@${(x.start - T) / 60_000}`)).toEqual(['Early@0', 'Early@60', 'Late@120']);
    expect(tourVisits(blocks, assets, T + 11 * 60_000, T + 59 * 60_000).size).toBe(0);
  });

  it('counts a zero-length stop at the range start', () => {
    const v = tourVisits([tour('o1', 'Blink', [['north', 0, 0]])], assets, T, T + 1);
    expect(v.get('north')).toHaveLength(1);
  });
});
