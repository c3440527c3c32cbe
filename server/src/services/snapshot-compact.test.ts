import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SnapshotOccurrenceRow } from '../repositories/snapshot.repository';
import type { JobLook } from './occurrence-store';
import { CompactPieces } from './snapshot-compact';
import { compactOccurrences } from './snapshot-occurrences';

/**
 * CompactPieces re-encodes only the segments whose rows changed: after every kind of change the
 * bytes must still be those of `JSON.stringify(compactOccurrences(...))` (the full encoder, which
 * snapshot-rows.test.ts checks against the database), and most segments must have been reused.
 */
const MIN = 60_000;
const DAY0 = Date.UTC(2026, 5, 1);
const byStart = (a: SnapshotOccurrenceRow, b: SnapshotOccurrenceRow) => a.start_ms - b.start_ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function row(over: Partial<SnapshotOccurrenceRow> & { job_id: string; asset_id: string; start_ms: number }): SnapshotOccurrenceRow {
  return { id: randomUUID(), status: 'scheduled', detached: false, version: 1, planned_ms: over.start_ms, end_ms: over.start_ms + 20 * MIN, actor_id: null, actor_name: null, start_sub: null, ...over };
}

function board(n: number) {
  const assets = Array.from({ length: 40 }, () => randomUUID());
  const looks = new Map<string, JobLook>();
  const jobs = Array.from({ length: 30 }, (_, i) => {
    const id = randomUUID();
    looks.set(id, { name: `Job ${i}`, kind: 'task', def: null });
    return id;
  });
  const tour = randomUUID();
  looks.set(tour, { name: 'Round', kind: 'internal_tour', def: { kind: 'internal_tour', planDurationMin: 5, checkpoints: [{ seq: 1, assetId: assets[39]!, gapMin: 0 }, { seq: 2, assetId: randomUUID(), gapMin: 3, durationMin: 7 }] } });
  const actors = [{ id: randomUUID(), name: 'Ann' }, { id: randomUUID(), name: 'Bo' }];
  const rows: SnapshotOccurrenceRow[] = [];
  for (let i = 0; i < n; i++) {
    const start = DAY0 + Math.floor(i / 3) * 7 * MIN + (i % 3) * 1000;
    const actor = i % 11 === 0 ? actors[i % 2]! : null;
    const isTour = i % 97 === 5;
    rows.push(
      row({
        job_id: isTour ? tour : jobs[i % jobs.length]!,
        asset_id: assets[(i * 7) % 39]!,
        start_ms: start,
        planned_ms: i % 13 === 0 ? start - 15 * MIN : start,
        status: i % 17 === 0 ? 'conflicted' : 'scheduled',
        detached: i % 19 === 0,
        version: 1 + (i % 4),
        actor_id: actor?.id ?? null,
        actor_name: actor?.name ?? null,
      }),
    );
  }
  rows.sort(byStart);
  return { rows, looks, assets, jobs, tour, actors };
}

async function expectSame(pieces: CompactPieces, rows: SnapshotOccurrenceRow[], looks: Map<string, JobLook>, what: string) {
  const got = await pieces.encode({ rows, looks });
  const want = await compactOccurrences({ rows, looks });
  expect(got.dict.toString(), what).toBe(JSON.stringify(want.dict));
  expect(Buffer.concat(got.occurrences).toString(), what).toBe(JSON.stringify(want.occurrences));
}

describe('CompactPieces', () => {
  it('gives the full encoding byte for byte after a move, a create, a delete, a rename and more, re-encoding little', async () => {
    const b = board(6000);
    let rows = b.rows;
    let looks = b.looks;
    const pieces = new CompactPieces();
    await expectSame(pieces, rows, looks, 'first');
    expect(pieces.counts.reused).toBe(0);
    const segments = pieces.counts.encoded;
    expect(segments).toBeGreaterThan(5);
    await expectSame(pieces, rows, looks, 'unchanged');
    expect(pieces.counts).toStrictEqual({ encoded: 0, reused: segments });

    const replace = (i: number, over: Partial<SnapshotOccurrenceRow>) => {
      const next = rows.slice();
      next[i] = { ...rows[i]!, ...over };
      rows = next.sort(byStart);
    };
    const mostlyReused = () => expect(pieces.counts.encoded, JSON.stringify(pieces.counts)).toBeLessThanOrEqual(3);

    // A move by a minute, by a planner now named as its last actor (a new actor in the dictionary).
    const moved = rows[2500]!;
    replace(2500, { start_ms: moved.start_ms + MIN, end_ms: moved.end_ms + MIN, version: moved.version + 1, actor_id: randomUUID(), actor_name: 'Cy' });
    await expectSame(pieces, rows, looks, 'move');
    mostlyReused();
    // A move far to the front (its job, asset and actor come first in the dictionaries now).
    replace(4000, { start_ms: DAY0 - 60 * MIN, end_ms: DAY0 - 30 * MIN, actor_id: b.actors[1]!.id, actor_name: b.actors[1]!.name });
    await expectSame(pieces, rows, looks, 'move to the front');
    // Across assets, detached, conflicted.
    replace(3000, { asset_id: b.assets[3]!, detached: true, status: 'conflicted' });
    await expectSame(pieces, rows, looks, 'asset, detached, status');
    mostlyReused();

    // A row that used an asset first now uses one seen before (same start): the dictionary shrinks
    // before unchanged segments, whose asset indexes all move down by one.
    const firstUse = rows.findIndex((r) => r.asset_id === b.assets[30]);
    replace(firstUse, { asset_id: b.assets[0]! });
    await expectSame(pieces, rows, looks, 'first use of an asset gone');

    // A create in the middle, with a job and an asset never seen.
    const job = randomUUID();
    looks = new Map(looks).set(job, { name: 'New', kind: 'task', def: null });
    rows = [...rows, row({ job_id: job, asset_id: randomUUID(), start_ms: rows[1800]!.start_ms + 500 })].sort(byStart);
    await expectSame(pieces, rows, looks, 'create');
    mostlyReused();
    // A tour created (laid-out stops), then its job's stops changed (a new look object, same rows).
    rows = [...rows, row({ job_id: b.tour, asset_id: b.assets[2]!, start_ms: rows[3333]!.start_ms + 20 })].sort(byStart);
    await expectSame(pieces, rows, looks, 'tour created');
    const round = looks.get(b.tour)!;
    looks = new Map(looks).set(b.tour, { ...round, def: { kind: 'internal_tour', planDurationMin: 6, checkpoints: [{ seq: 1, assetId: b.assets[1]!, gapMin: 1 }] } });
    await expectSame(pieces, rows, looks, 'tour stops changed');

    // Deletes: the first row, a row in the middle, every row of one asset.
    rows = rows.slice(1);
    await expectSame(pieces, rows, looks, 'first row deleted');
    rows = rows.filter((_, i) => i !== 2000);
    await expectSame(pieces, rows, looks, 'delete');
    mostlyReused();
    // The last row before a segment, past the first use of every asset, job and actor (so no
    // dictionary index moves): only the next segment's first difference (column s) tells.
    const beforeCut = rows.findIndex((r, i) => i > 1500 && rows[i + 1]?.id.endsWith('00'));
    expect(beforeCut).toBeGreaterThan(0);
    rows = rows.filter((_, i) => i !== beforeCut);
    await expectSame(pieces, rows, looks, 'last row of a segment deleted');
    rows = rows.filter((r) => r.asset_id !== b.assets[7]);
    await expectSame(pieces, rows, looks, 'an asset emptied');

    // A rename: only the job dictionary changes; every segment is reused.
    looks = new Map(looks).set(b.jobs[4]!, { name: 'Job 4 renamed', kind: 'task', def: null });
    await expectSame(pieces, rows, looks, 'rename');
    expect(pieces.counts.encoded).toBe(0);

    // A row's last change left the window (updatedBy back to null).
    const withActor = rows.findIndex((r) => r.actor_id);
    replace(withActor, { actor_id: null, actor_name: null });
    await expectSame(pieces, rows, looks, 'actor gone');

    rows = [];
    await expectSame(pieces, rows, looks, 'empty');
  });

  it('re-encodes unchanged segments after a dictionary entry used first before them is gone', async () => {
    const b = board(3000);
    const [p, q] = [randomUUID(), randomUUID()];
    let rows = b.rows.map((r, i) => (i === 1000 ? { ...r, asset_id: p } : i === 2000 ? { ...r, asset_id: q } : r));
    const pieces = new CompactPieces();
    await expectSame(pieces, rows, b.looks, 'two late assets');
    // Asset p's only row takes an asset seen before: q's index moves down by one in rows that did not change.
    rows = rows.map((r, i) => (i === 1000 ? { ...r, asset_id: b.assets[0]! } : r));
    await expectSame(pieces, rows, b.looks, 'the first late asset gone');
    rows = rows.map((r, i) => (i === 1000 ? { ...r, asset_id: p } : r));
    await expectSame(pieces, rows, b.looks, 'and back');
  });

  it('cuts segments by length when ids never end in 00, and re-encodes them right after a shift', async () => {
    const b = board(0);
    const job = b.jobs[0]!;
    const id = (i: number) => `00000000-0000-4000-8000-${(i * 3 + 1).toString(16).padStart(12, '0').replace(/00$/, '01')}`;
    let rows = Array.from({ length: 2600 }, (_, i) => row({ id: id(i), job_id: job, asset_id: b.assets[i % 5]!, start_ms: DAY0 + i * MIN })).sort(byStart);
    const pieces = new CompactPieces();
    await expectSame(pieces, rows, b.looks, 'sequential ids');
    rows = [row({ job_id: b.jobs[1]!, asset_id: b.assets[9]!, start_ms: DAY0 - MIN }), ...rows];
    await expectSame(pieces, rows, b.looks, 'a row first');
  });
});
