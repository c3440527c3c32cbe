import { randomUUID } from 'node:crypto';
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { snapshotOccurrenceRows } from './snapshot.repository';
import { rawQuery } from './sql';

/**
 * A full read (one row of columns, decoded in node) must give exactly the rows the per-row statement
 * gives (what the snapshot cache reads again after writes and merges in): the same ids, order,
 * milliseconds, sub-millisecond remainders, statuses, versions and last actors, for instants before
 * 1970 and 2000 and past 2^53 µs since 2000 too.
 */
let t: TestServer;
let boardId: string;
const from = new Date('1960-01-01T00:00:00Z');
const to = new Date('9999-12-31T00:00:00Z');
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestServer({}, 'snaprepo');
  await t.services.scheduling.horizon?.stop();
  const planner = await t.client('planner1');
  boardId = (await planner.get<{ boards: { id: string }[] }>('/api/boards')).body.boards[0]!.id;
  // A move through the API: that row gets a last actor.
  const list = (await planner.get<{ occurrences: { id: string; version: number; startsAt: string; status: string; stops?: unknown }[] }>(`/api/boards/${boardId}`)).body.occurrences;
  const moved = list.find((o) => o.status === 'scheduled' && !o.stops && Date.parse(o.startsAt) > Date.now() + DAY)!;
  const res = await planner.patch(`/api/occurrences/${moved.id}`, { expectedVersion: moved.version, startsAt: new Date(Date.parse(moved.startsAt) + 60_000).toISOString() });
  expect([200, 409]).toContain(res.status);

  // Rows at awkward instants, on an asset of their own (no overlap with the demo's rows).
  const em = t.orm.em.fork();
  const [job] = await rawQuery<{ id: string }>(em, `select id from job where board_id = ? limit 1`, [boardId]);
  const asset = randomUUID();
  await rawQuery(em, `insert into asset (id, board_id, code, name, kind, status, version, created_at, updated_at) values (?, ?, 'SNAPREPO', 'Odd instants', 'vehicle', 'working', 1, now(), now())`, [asset, boardId]);
  const odd: [string, string, string, string, boolean, number][] = [
    ['1969-12-31 23:59:59.999500+00', '1970-01-01 00:20:00.000001+00', '1969-12-31 23:00:00.5+00', 'scheduled', false, 1],
    ['1999-12-31 23:59:59.000999+00', '2000-01-01 00:00:00.000001+00', '1999-12-31 23:59:59.000999+00', 'conflicted', true, 3],
    ['2026-06-01 10:00:00.123456+00', '2026-06-01 10:20:00.000999+00', '2026-06-01 09:00:00.999999+00', 'scheduled', true, 7],
    ['2026-06-01 10:00:00.123+00', '2026-06-01 10:00:00.124+00', '2026-06-01 10:00:00.123+00', 'conflicted', false, 2],
    ['2300-03-01 12:00:00.000001+00', '2300-03-01 13:00:00.999999+00', '2300-03-01 12:00:00.000001+00', 'scheduled', false, 1],
    ['9999-12-30 23:00:00.999999+00', '9999-12-30 23:59:59.999999+00', '9999-12-30 22:00:00.000500+00', 'scheduled', false, 2147483647],
  ];
  for (const [start, end, planned, status, detached, version] of odd) {
    await rawQuery(
      em,
      `insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
       values (?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?, ?, ?, now(), now())`,
      [randomUUID(), boardId, job!.id, asset, planned, start, end, status, detached, version],
    );
  }
});
afterAll(() => t?.stop());

const inSnapshotTx = <T>(fn: (em: EntityManager) => Promise<T>) => t.orm.em.fork().transactional(fn, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });

describe('snapshotOccurrenceRows', () => {
  it('a full read (columns) equals the per-row statement over the same ids, and its instants are exact', async () => {
    await inSnapshotTx(async (em) => {
      const q = { boardId, from, to, maxLengthMs: DAY, limit: 50_000, lastChangeWindow: 20_000 };
      const full = await snapshotOccurrenceRows(em, q);
      const byRow = await snapshotOccurrenceRows(em, { ...q, ids: full.map((r) => r.id) });
      expect(full.length).toBeGreaterThan(20);
      expect(full).toStrictEqual(byRow);
      expect(full.some((r) => r.actor_id)).toBe(true);
      const at = (iso: string, i = 0) => full.filter((r) => r.start_ms === Date.parse(iso))[i]!;
      expect(at('1969-12-31T23:59:59.999Z')).toMatchObject({ start_sub: 500, end_ms: Date.parse('1970-01-01T00:20:00.000Z'), planned_ms: Date.parse('1969-12-31T23:00:00.500Z') });
      expect(at('2026-06-01T10:00:00.123Z', 1)).toMatchObject({ start_sub: 456, status: 'scheduled', detached: true, version: 7 });
      expect(at('9999-12-30T23:00:00.999Z')).toMatchObject({ start_sub: 999, end_ms: Date.parse('9999-12-30T23:59:59.999Z'), version: 2147483647 });
      expect(full.filter((r) => r.start_ms === Date.parse('2026-06-01T10:00:00.123Z')).map((r) => r.start_sub)).toStrictEqual([null, 456]);
    });
  });

  it('reads of 1 to 4 rows (records short of a base64 line, each padding) equal the per-row statement', async () => {
    await inSnapshotTx(async (em) => {
      for (const limit of [1, 2, 3, 4]) {
        const q = { boardId, from, to, maxLengthMs: DAY, limit, lastChangeWindow: 20_000 };
        const full = await snapshotOccurrenceRows(em, q);
        expect(full).toHaveLength(limit);
        expect(full).toStrictEqual(await snapshotOccurrenceRows(em, { ...q, ids: full.map((r) => r.id) }));
      }
    });
  });

  it('a full read of a range without occurrences is empty', async () => {
    await inSnapshotTx(async (em) => {
      expect(await snapshotOccurrenceRows(em, { boardId, from: new Date('1900-01-01Z'), to: new Date('1900-02-01Z'), maxLengthMs: DAY, limit: 10, lastChangeWindow: 10 })).toStrictEqual([]);
    });
  });
});
