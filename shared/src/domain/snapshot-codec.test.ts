import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactSnapshot } from '../schemas/compact-snapshot';
import { boardSnapshot } from '../schemas/responses';
import { decodeSnapshot, decodeSnapshotTimed, encodeSnapshot, isoOf, type DecodedSnapshot, type SnapshotOccurrence } from './snapshot-codec';

const BOARD = '0b9f3a52-6a51-4c1e-9a57-4a1f0c7f6a10';
/** 1970 .. 9999-12-31: every instant the API stores. */
const MAX_MS = Date.UTC(9999, 11, 31, 23, 0, 0);
const DAY = 86_400_000;

const uuid = fc.uuid();
const iso = (ms: number) => new Date(ms).toISOString();
/** Mostly whole minutes (cron runs, drags on the grid), sometimes any millisecond (an API client's instant). */
const instantMs = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: Math.floor(MAX_MS / 60_000) }).map((m) => m * 60_000) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX_MS }) });
const lengthMs = fc.oneof(fc.integer({ min: 1, max: 24 * 60 }).map((m) => m * 60_000), fc.integer({ min: 1, max: DAY }));
const actor = fc.record({ id: uuid, displayName: fc.string({ maxLength: 20 }) });

const board = fc.record({
  id: fc.constant(BOARD),
  name: fc.string({ minLength: 1, maxLength: 30 }),
  timezone: fc.constantFrom('Europe/Berlin', 'UTC', 'America/New_York'),
  horizonDays: fc.integer({ min: 1, max: 90 }),
  workingHours: fc.record({ days: fc.constant([1, 2, 3, 4, 5]), start: fc.constant('07:00'), end: fc.constant('19:00') }),
  version: fc.integer({ min: 1, max: 50 }),
  lastSeq: fc.integer({ min: 0, max: 1e6 }),
});

const assetIds = fc.uniqueArray(uuid, { minLength: 1, maxLength: 6 });
/** A job's name and kind are the same on all of its rows, as the server reads them from the job. */
const jobs = fc.uniqueArray(fc.record({ id: uuid, name: fc.string({ maxLength: 24 }), kind: fc.constantFrom<'task' | 'internal_tour' | 'external_tour'>('task', 'internal_tour', 'external_tour') }), {
  minLength: 1,
  maxLength: 5,
  selector: (j) => j.id,
});

function occurrence(assets: string[], jobList: { id: string; name: string; kind: SnapshotOccurrence['kind'] & string }[], view: boolean): fc.Arbitrary<SnapshotOccurrence> {
  return fc
    .record({
      id: uuid,
      job: fc.constantFrom(...jobList),
      assetId: fc.constantFrom(...assets),
      start: instantMs,
      length: lengthMs,
      plannedOffset: fc.oneof(fc.constant(0), fc.integer({ min: -DAY, max: DAY })),
      status: fc.constantFrom<'scheduled' | 'conflicted' | 'cancelled'>('scheduled', 'conflicted', 'cancelled'),
      version: fc.integer({ min: 1, max: 1000 }),
      detached: fc.boolean(),
      updatedBy: fc.option(fc.option(actor, { nil: null }), { nil: undefined }),
      stops: fc.option(fc.array(fc.record({ seq: fc.nat(20), assetId: fc.constantFrom(...assets), offset: fc.integer({ min: 0, max: DAY }), length: lengthMs }), { maxLength: 4 }), { nil: undefined }),
    })
    .map((r) => {
      const start = Math.min(r.start, MAX_MS - 2 * DAY);
      const o: SnapshotOccurrence = { id: r.id, boardId: BOARD, jobId: r.job.id } as SnapshotOccurrence;
      if (view) Object.assign(o, { jobName: r.job.name, kind: r.job.kind });
      o.assetId = r.assetId;
      if (view) o.plannedStart = iso(Math.max(0, start + r.plannedOffset));
      Object.assign(o, { startsAt: iso(start), endsAt: iso(start + r.length), status: r.status, version: r.version, detached: r.detached });
      if (r.stops) o.stops = r.stops.map((s) => ({ seq: s.seq, assetId: s.assetId, startsAt: iso(start + s.offset), endsAt: iso(start + s.offset + s.length) }));
      if (r.updatedBy !== undefined) o.updatedBy = r.updatedBy;
      return o;
    });
}

/** Snapshots as the server sends them (occurrences by start, then id), and as plain DTOs (no view fields). */
const snapshot: fc.Arbitrary<DecodedSnapshot> = fc
  .record({ board, assets: assetIds, jobs, view: fc.boolean(), seq: fc.nat(1e6), role: fc.constantFrom('viewer', 'planner', 'supervisor', 'admin') as fc.Arbitrary<'viewer'> })
  .chain((b) =>
    fc.record({
      b: fc.constant(b),
      occurrences: fc.uniqueArray(occurrence(b.assets, b.jobs, b.view), { maxLength: 40, selector: (o) => o.id }).map((list) => list.sort((x, y) => Date.parse(x.startsAt) - Date.parse(y.startsAt) || (x.id < y.id ? -1 : 1))),
    }),
  )
  .map(({ b, occurrences }) => ({
    board: b.board,
    assets: b.assets.map((id, i) => ({ id, boardId: BOARD, code: `A-${i}`, name: `Asset ${i}`, kind: 'person' as const, status: 'working' as const, version: 1 })),
    jobs: [],
    occurrences,
    conflicts: [],
    seq: b.seq,
    from: iso(0),
    to: iso(DAY),
    role: b.role,
  }))
  // As received: plain objects (fast-check builds some without a prototype).
  .map((s) => JSON.parse(JSON.stringify(s)) as DecodedSnapshot);

describe('compact snapshot codec', () => {
  it('decode(encode(s)) deep-equals s, and the encoding satisfies its schema', () => {
    fc.assert(
      fc.property(snapshot, (s) => {
        const encoded = encodeSnapshot(s);
        expect(compactSnapshot.safeParse(JSON.parse(JSON.stringify(encoded))).success).toBe(true);
        // Through JSON, as on the wire.
        const decoded = decodeSnapshot(JSON.parse(JSON.stringify(encoded)));
        expect(decoded).toStrictEqual(s);
        expect(boardSnapshot.safeParse(decoded).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the timed decoder gives the same snapshot and each occurrence\'s start and end as Date.parse reads them', () => {
    fc.assert(
      fc.property(snapshot, (s) => {
        const { instants, ...decoded } = decodeSnapshotTimed(JSON.parse(JSON.stringify(encodeSnapshot(s))));
        expect(decoded).toStrictEqual(s);
        expect([...instants]).toEqual(s.occurrences.flatMap((o) => [Date.parse(o.startsAt), Date.parse(o.endsAt)]));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps whole minutes as integers, shares repeated strings, and keeps milliseconds exact far from 1970', () => {
    const start = Date.UTC(9999, 11, 30, 10, 0, 0, 7);
    const occ = (id: string, ms: number, jobId: string): SnapshotOccurrence => ({
      id,
      boardId: BOARD,
      jobId,
      jobName: 'Patrol',
      kind: 'task',
      assetId: 'a1',
      plannedStart: iso(ms),
      startsAt: iso(ms),
      endsAt: iso(ms + 20 * 60_000),
      status: 'scheduled',
      version: 1,
      detached: false,
      updatedBy: null,
    });
    const s: DecodedSnapshot = {
      board: { id: BOARD, name: 'B', timezone: 'UTC', horizonDays: 14, workingHours: { days: [1], start: '07:00', end: '19:00' }, version: 1, lastSeq: 3 },
      assets: [],
      jobs: [],
      occurrences: [occ('o1', Date.UTC(2026, 10, 29, 8), 'j1'), occ('o2', Date.UTC(2026, 10, 29, 8, 30), 'j1'), occ('o3', start, 'j2')],
      conflicts: [],
      seq: 3,
    };
    const e = encodeSnapshot(s);
    expect(e.dict.assets).toEqual(['a1']);
    expect(e.dict.jobs).toEqual([
      ['j1', 'Patrol', 'task'],
      ['j2', 'Patrol', 'task'],
    ]);
    expect(e.occurrences.s.slice(0, 2)).toEqual([Date.UTC(2026, 10, 29, 8) / 60_000, 30]);
    expect(e.occurrences.d).toEqual([20, 20, 20]);
    expect(e.occurrences.u).toEqual([-1, -1, -1]);
    expect(decodeSnapshot(e)).toStrictEqual(s);
  });

  it('refuses an occurrence of another board', () => {
    const s = fc.sample(snapshot.filter((x) => x.occurrences.length > 0), 1)[0]!;
    s.occurrences[0] = { ...s.occurrences[0]!, boardId: 'other' };
    expect(() => encodeSnapshot(s)).toThrow(/not on the snapshot's/);
  });

  it('isoOf writes what toISOString writes: whole minutes, seconds, milliseconds, before 1970 and past 9999', () => {
    const samples = [0, 59_999, 60_000, Date.UTC(2026, 2, 29, 1, 0), Date.UTC(2026, 10, 30, 23, 59), Date.UTC(2024, 1, 29, 12, 30, 15, 7), -60_000, -1, Date.UTC(9999, 11, 31, 23, 59), Date.UTC(10000, 0, 1), 8.64e15];
    for (const ms of samples) expect(isoOf(ms)).toBe(new Date(ms).toISOString());
    fc.assert(fc.property(fc.integer({ min: -1e11, max: 1.4e11 }), fc.boolean(), (n, whole) => {
      const ms = whole ? n * 60_000 : n;
      expect(isoOf(ms)).toBe(new Date(ms).toISOString());
    }));
  });
});
