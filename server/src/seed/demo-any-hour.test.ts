import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { startTestServer, type TestServer } from '../testing/test-server';
import { DEMO_OVERLAP_JOB } from './demo';

const TZ = 'Europe/Berlin';
const HOUR = 3_600_000;
/** How far from "now" the nearest run may be for the board to count as showing work. */
const NEAR_MS = 2 * HOUR;

interface Occ {
  id: string;
  jobId: string;
  startsAt: string;
  endsAt: string;
  status: string;
}

async function snapshot(t: TestServer, fromMs: number, toMs: number) {
  const c = await t.client('supervisor');
  const boards = await c.get<{ boards: { id: string; name: string }[] }>('/api/boards');
  const boardId = boards.body.boards.find((b) => b.name === 'Demo depot')!.id;
  const snap = await c.get<{ occurrences: Occ[]; jobs: { id: string; name: string }[] }>(`/api/boards/${boardId}?from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}`);
  const conflicts = await c.get<{ conflicts: { kind: string; status: string; occurrenceIds: string[] }[] }>(`/api/boards/${boardId}/conflicts?status=open`);
  return { ...snap.body, conflicts: conflicts.body.conflicts };
}

/** Distance from `t` to the nearest run (0 while one is running). */
function nearest(occ: Occ[], t: number): number {
  let best = Infinity;
  for (const o of occ) {
    const s = Date.parse(o.startsAt);
    const e = Date.parse(o.endsAt);
    best = Math.min(best, t >= s && t < e ? 0 : Math.min(Math.abs(s - t), Math.abs(e - t)));
  }
  return best;
}

// Seeded at a Sunday night and a weekday small hour, as a first look at the product would be.
for (const [label, wall] of [
  ['Sunday 22:00', '2027-03-21T22:00'],
  ['weekday 03:00', '2027-03-23T03:00'],
] as const) {
  describe(`the demo seeded on ${label}`, () => {
    const now = DateTime.fromISO(wall, { zone: TZ }).toMillis();
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({ demoOverlap: true }, `demohour${wall.slice(8, 10)}`, { now });
    });
    afterAll(() => t?.stop());

    it('has a run within two hours of every hour of the next week, weekends and nights included', async () => {
      const snap = await snapshot(t, now - 6 * HOUR, now + 8 * 24 * HOUR);
      const live = snap.occurrences.filter((o) => o.status !== 'cancelled');
      expect(nearest(live, now)).toBeLessThanOrEqual(NEAR_MS);
      const gaps: string[] = [];
      for (let h = 0; h < 7 * 24; h++) {
        const at = now + h * HOUR;
        if (nearest(live, at) > NEAR_MS) gaps.push(DateTime.fromMillis(at, { zone: TZ }).toFormat('ccc HH:mm'));
      }
      expect(gaps).toEqual([]);
    });

    it('has exactly one open double booking, the tyre change booked anyway on Van 3', async () => {
      const snap = await snapshot(t, now - 6 * HOUR, now + 3 * 24 * HOUR);
      const overlaps = snap.conflicts.filter((c) => c.kind === 'overlap');
      expect(overlaps).toHaveLength(1);
      const job = snap.jobs.find((j) => j.name === DEMO_OVERLAP_JOB)!;
      const occ = snap.occurrences.find((o) => o.jobId === job.id)!;
      expect(overlaps[0]!.occurrenceIds).toContain(occ.id);
      expect(occ.status).toBe('conflicted');
      // In the future, so it stays open until someone resolves it.
      expect(Date.parse(occ.startsAt)).toBeGreaterThan(now);
    });
  });
}

describe('the demo for tests (demoOverlap off, the test servers’ default)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({}, 'demonooverlap', { now: DateTime.fromISO('2027-03-21T22:00', { zone: TZ }).toMillis() });
  });
  afterAll(() => t?.stop());

  it('books nothing double', async () => {
    const now = t.clock.now().getTime();
    const snap = await snapshot(t, now - 6 * HOUR, now + 3 * 24 * HOUR);
    expect(snap.conflicts).toEqual([]);
    expect(snap.jobs.some((j) => j.name === DEMO_OVERLAP_JOB)).toBe(false);
  });
});
