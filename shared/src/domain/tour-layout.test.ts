import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkTourLength,
  formatDurationMin,
  layoutTour,
  layoutVisits,
  seedFromEpochMs,
  seededRandom,
  stopsToDto,
  tourDurationRangeMin,
  tourVisits,
  walkRoute,
  type ExternalTourDef,
  type InternalTourDef,
  type StopDef,
  type TourLayout,
} from './tour-layout';

const START = Date.parse('2026-12-01T08:00:00Z');
const hm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
/** "A 08:00-08:10" per stop: readable tables. */
const table = (l: TourLayout) => l.stops.map((s) => `${s.assetId} ${hm(s.startsAt)}-${hm(s.endsAt)}`);

describe('internal tours', () => {
  const def: InternalTourDef = {
    kind: 'internal_tour',
    planDurationMin: 10,
    // Given out of order: the walk follows seq.
    checkpoints: [
      { seq: 20, assetId: 'B', gapMin: 5 },
      { seq: 10, assetId: 'A', gapMin: 0, durationMin: 15 },
      { seq: 30, assetId: 'C', gapMin: 10, durationMin: 5 },
    ],
  };

  it('walks checkpoints in seq order: start = prevEnd + gap, end = start + (duration ?? plan)', () => {
    const l = layoutTour(def, START);
    expect(table(l)).toEqual(['A 08:00-08:15', 'B 08:20-08:30', 'C 08:40-08:45']);
    expect(l.stops.map((s) => [s.seq, s.routeSeq, s.pass])).toEqual([
      [1, 10, 1],
      [2, 20, 1],
      [3, 30, 1],
    ]);
    expect(hm(l.endsAt)).toBe('08:45');
    expect(l.durationMin).toBe(45);
  });

  it('starts the first stop after its own gap', () => {
    const l = layoutTour({ ...def, checkpoints: [{ seq: 1, assetId: 'A', gapMin: 7, durationMin: null }] }, START);
    expect(table(l)).toEqual(['A 08:07-08:17']);
    expect(l.startsAt).toBe(START);
  });

  it('does not reorder the caller’s array', () => {
    layoutTour(def, START);
    expect(def.checkpoints.map((c) => c.seq)).toEqual([20, 10, 30]);
  });

  it('gives the wire form of stops as ISO strings', () => {
    expect(stopsToDto(layoutTour(def, START).stops)[0]).toEqual({
      seq: 1,
      assetId: 'A',
      startsAt: '2026-12-01T08:00:00.000Z',
      endsAt: '2026-12-01T08:15:00.000Z',
    });
  });
});

describe('external tours', () => {
  const sites: StopDef[] = [
    { seq: 1, assetId: 'A', gapMin: 0 },
    { seq: 2, assetId: 'B', gapMin: 5 },
    { seq: 3, assetId: 'C', gapMin: 5 },
  ];
  const ext = (over: Partial<ExternalTourDef>): ExternalTourDef => ({ kind: 'external_tour', planDurationMin: 10, sites, ...over });

  it.each([
    ['frequency 1 (a break has no break point)', { frequency: 1, breakMin: 30 }, ['A 08:00-08:10', 'B 08:15-08:25', 'C 08:30-08:40'], '08:40'],
    [
      'frequency 2 with a break, turnaround C not revisited',
      { frequency: 2, breakMin: 30 },
      ['A 08:00-08:10', 'B 08:15-08:25', 'C 08:30-08:40', 'B 09:15-09:25', 'A 09:25-09:35'],
      '09:35',
    ],
    [
      'frequency 3: forward, backward, forward; the break only after the first walk',
      { frequency: 3, breakMin: 30 },
      ['A 08:00-08:10', 'B 08:15-08:25', 'C 08:30-08:40', 'B 09:15-09:25', 'A 09:25-09:35', 'B 09:40-09:50', 'C 09:55-10:05'],
      '10:05',
    ],
    ['frequency 2 without a break', { frequency: 2 }, ['A 08:00-08:10', 'B 08:15-08:25', 'C 08:30-08:40', 'B 08:45-08:55', 'A 08:55-09:05'], '09:05'],
  ])('%s', (_name, over, expected, end) => {
    const l = layoutTour(ext(over), START);
    expect(table(l)).toEqual(expected);
    expect(hm(l.endsAt)).toBe(end);
    expect(l.stops.map((s) => s.seq)).toEqual(expected.map((_, i) => i + 1));
  });

  it('marks the walk of each visit', () => {
    expect(layoutTour(ext({ frequency: 3 }), START).stops.map((s) => s.pass)).toEqual([1, 1, 1, 2, 2, 3, 3]);
  });

  it('visits a one-site route once per walk (an empty walk would make frequency meaningless)', () => {
    const l = layoutTour(ext({ sites: [{ seq: 1, assetId: 'A', gapMin: 5 }], frequency: 3, breakMin: 20 }), START);
    expect(table(l)).toEqual(['A 08:05-08:15', 'A 08:40-08:50', 'A 08:55-09:05']);
  });

  describe('randomize', () => {
    const many: StopDef[] = 'ABCDEFGH'.split('').map((assetId, i) => ({ seq: i + 1, assetId, gapMin: i, durationMin: 5 + i }));
    const order = (def: ExternalTourDef, start: number) => layoutTour(def, start).stops.map((s) => s.assetId).join('');

    it('is deterministic: the same start gives the same order, every time', () => {
      const def = ext({ sites: many, randomize: true, frequency: 2 });
      const first = layoutTour(def, START);
      for (let i = 0; i < 5; i++) expect(layoutTour(def, START)).toEqual(first);
    });

    it('shuffles per occurrence: different starts usually give different orders', () => {
      const def = ext({ sites: many, randomize: true });
      const orders = new Set<string>();
      for (let day = 0; day < 60; day++) orders.add(order(def, START + day * 86_400_000));
      // 8! = 40,320 orders; 60 starts sharing fewer than 50 orders would mean a broken seed.
      expect(orders.size).toBeGreaterThanOrEqual(50);
    });

    it('walks the shuffled route back and forth without revisiting the turnaround', () => {
      const stops = layoutTour(ext({ sites: many, randomize: true, frequency: 3 }), START + 123 * 60_000).stops.map((s) => s.assetId);
      const first = stops.slice(0, 8);
      expect([...first].sort()).toEqual(many.map((s) => s.assetId));
      expect(stops.slice(8, 15)).toEqual([...first].reverse().slice(1));
      expect(stops.slice(15)).toEqual(first.slice(1));
    });

    it('keeps each site’s own gap and duration wherever the shuffle puts it', () => {
      const l = layoutTour(ext({ sites: many, randomize: true }), START + 7 * 60_000);
      let prevEnd = l.startsAt;
      for (const s of l.stops) {
        const site = many.find((m) => m.assetId === s.assetId)!;
        expect(s.startsAt - prevEnd).toBe(site.gapMin * 60_000);
        expect(s.endsAt - s.startsAt).toBe(site.durationMin! * 60_000);
        prevEnd = s.endsAt;
      }
    });
  });
});

describe('24 h limit', () => {
  it('rejects a tour of 25 h 10 min with a clear message', () => {
    const def: InternalTourDef = {
      kind: 'internal_tour',
      planDurationMin: 60,
      checkpoints: [
        { seq: 1, assetId: 'A', gapMin: 0, durationMin: 1440 },
        { seq: 2, assetId: 'B', gapMin: 10 },
      ],
    };
    expect(checkTourLength(def)).toEqual({
      ok: false,
      durationMin: 1510,
      message: 'tour lasts 25 h 10 min; tours longer than 24 h are not allowed',
    });
  });

  it('accepts exactly 24 h', () => {
    const def: InternalTourDef = { kind: 'internal_tour', planDurationMin: 720, checkpoints: [{ seq: 1, assetId: 'A', gapMin: 0 }, { seq: 2, assetId: 'B', gapMin: 0 }] };
    expect(checkTourLength(def)).toEqual({ ok: true, durationMin: 1440 });
  });

  it('rejects the old app’s 183-checkpoint tour', () => {
    const checkpoints = Array.from({ length: 183 }, (_, i) => ({ seq: i + 1, assetId: `cp${i}`, gapMin: 60, durationMin: 58 }));
    const check = checkTourLength({ kind: 'internal_tour', planDurationMin: 10, checkpoints });
    expect(check.ok).toBe(false);
    expect(check.durationMin).toBe(183 * 118);
  });

  it('judges a randomized tour by its longest order and says so', () => {
    const def: ExternalTourDef = {
      kind: 'external_tour',
      planDurationMin: 10,
      frequency: 2,
      randomize: true,
      sites: [
        { seq: 1, assetId: 'A', gapMin: 0, durationMin: 700 },
        { seq: 2, assetId: 'B', gapMin: 0, durationMin: 10 },
      ],
    };
    // A B A (B is the turnaround) = 1410 min; B A B = 720 min.
    expect(tourDurationRangeMin(def)).toEqual({ min: 720, max: 1410 });
    expect(checkTourLength(def).ok).toBe(true);
    expect(checkTourLength({ ...def, breakMin: 40 })).toMatchObject({
      ok: false,
      message: 'tour lasts up to 24 h 10 min; tours longer than 24 h are not allowed',
    });
  });

  it.each([
    [45, '45 min'],
    [60, '1 h'],
    [1510, '25 h 10 min'],
    [0, '0 min'],
  ])('formats %i minutes as %s', (min, text) => {
    expect(formatDurationMin(min)).toBe(text);
  });
});

describe('seeded randomness', () => {
  it('derives different seeds from nearby and far-apart starts', () => {
    const seeds = new Set([0, 60_000, 120_000, START, START + 60_000, START + 2 ** 32, -60_000].map(seedFromEpochMs));
    expect(seeds.size).toBe(7);
  });

  it('produces the same sequence for the same seed, in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

const arbStops = (max: number) =>
  fc
    .array(
      fc.record({
        gapMin: fc.integer({ min: 0, max: 60 }),
        durationMin: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
      }),
      { minLength: 1, maxLength: max },
    )
    .map((xs) => xs.map((x, i): StopDef => ({ ...x, seq: i + 1, assetId: `s${i + 1}` })));

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('properties', () => {
  it('an internal tour lasts the sum of its gaps and durations, stops back to back', () => {
    fc.assert(
      fc.property(arbStops(30), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 2 ** 41 }), (checkpoints, plan, start) => {
        const l = layoutTour({ kind: 'internal_tour', planDurationMin: plan, checkpoints }, start);
        const total = checkpoints.reduce((sum, c) => sum + c.gapMin + (c.durationMin ?? plan), 0);
        expect(l.endsAt - l.startsAt).toBe(total * 60_000);
        expect(l.stops.at(-1)!.endsAt).toBe(l.endsAt);
        l.stops.forEach((s, i) => expect(s.startsAt).toBeGreaterThanOrEqual(i === 0 ? start : l.stops[i - 1]!.endsAt));
      }),
    );
  });

  it('an external walk has n + (f-1)(n-1) visits and each walk is a permutation of the route (minus the turnaround)', () => {
    fc.assert(
      fc.property(arbStops(12), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 41 }), (sites, frequency, randomize, start) => {
        const visits = tourVisits({ kind: 'external_tour', planDurationMin: 10, sites, frequency, randomize }, start);
        const n = sites.length;
        expect(visits).toHaveLength(n === 1 ? frequency : n + (frequency - 1) * (n - 1));
        const firstWalk = visits.filter((v) => v.pass === 1).map((v) => v.stop.assetId);
        expect([...firstWalk].sort()).toEqual(sites.map((s) => s.assetId).sort());
        for (let i = 1; i < visits.length; i++) expect(visits[i]!.stop.assetId === visits[i - 1]!.stop.assetId).toBe(n === 1);
      }),
    );
  });

  it('the duration range is exactly the shortest and longest over every site order', () => {
    fc.assert(
      fc.property(arbStops(5), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 120 }), (sites, frequency, breakMin) => {
        const plan = 10;
        const durations = permutations(sites).map((route) => layoutVisits(walkRoute(route, frequency), 0, plan, breakMin).durationMin);
        const range = tourDurationRangeMin({ kind: 'external_tour', planDurationMin: plan, sites, frequency, breakMin, randomize: true });
        expect(range).toEqual({ min: Math.min(...durations), max: Math.max(...durations) });
      }),
      { numRuns: 60 },
    );
  });
});
