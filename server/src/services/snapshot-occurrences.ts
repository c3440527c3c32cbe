import type { EntityManager } from '@mikro-orm/postgresql';
import { COMPACT_STATUSES, stopsToDto, type CompactOccurrences, type CompactSnapshot, type EventActor, type JobKind } from '@schedhuler/shared';
import { jobRowsByIds, snapshotOccurrenceRows, type SnapshotOccurrenceRow } from '../repositories/snapshot.repository';
import { LAST_CHANGE_WINDOW } from './occurrence-last-change';
import { jobLook, LayoutSlices, loadStops, type JobLook } from './occurrence-store';
import { MAX_OCCURRENCE_MS } from './schedule.service';
import { layoutOccurrence, type OccurrenceView } from './scheduling-rows';
import { RawJson } from './snapshot-cache';
import type { CompactPieces } from './snapshot-compact';
import type { SnapshotEncoding } from './board.service';

/** Most occurrences one snapshot carries (the occurrence list's cap too). */
export const SNAPSHOT_OCCURRENCE_LIMIT = 50_000;

export type SnapshotOccurrenceView = OccurrenceView & { updatedBy: EventActor | null };

/**
 * The occurrences of a board snapshot (issue 13.6): what `OccurrenceService.inRange` + `withLastChange`
 * answer — same rows, order and `updatedBy` — read in one statement with instants as numbers and
 * turned into the answer straight from those numbers: the default answer's objects, or the compact
 * encoding's columns without building those objects at all (what `encodeSnapshot` of the default
 * answer gives, checked by board-snapshot.test.ts).
 */
export interface SnapshotRows {
  rows: readonly SnapshotOccurrenceRow[];
  looks: ReadonlyMap<string, JobLook>;
}

/** A snapshot's occurrence rows as of one `seq`, with what was built from them (filled on first use). */
export interface KeptRows extends SnapshotRows {
  /** The board's `last_seq` these rows are as of. */
  seq: number;
  /** The newest seq of the board's event log then (the last-change window counts back from it). */
  top: number;
  /** At the row limit: rows past the last one may exist and were not read. */
  cut: boolean;
  /** Serialized parts built from these rows, per encoding (kept with the rows, dropped with them). */
  built: Map<string, unknown>;
  /** The range's compact encoding in segments, handed on to the rows of later seqs (re-encodes only what changed). */
  pieces: CompactPieces;
}

export async function readLooks(em: EntityManager, jobIds: readonly string[]): Promise<Map<string, JobLook>> {
  const jobs = await jobRowsByIds(em, jobIds);
  const stops = await loadStops(em, jobs.filter((j) => j.kind !== 'task').map((j) => j.id));
  return new Map(jobs.map((j) => [j.id, jobLook(j, stops.get(j.id) ?? [])]));
}

async function readSnapshot(em: EntityManager, boardId: string, from: Date, to: Date): Promise<SnapshotRows> {
  const rows = await snapshotOccurrenceRows(em, { boardId, from, to, maxLengthMs: MAX_OCCURRENCE_MS, limit: SNAPSHOT_OCCURRENCE_LIMIT, lastChangeWindow: LAST_CHANGE_WINDOW });
  return { rows, looks: await readLooks(em, [...new Set(rows.map((r) => r.job_id))]) };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The default answer's occurrences of rows read (or kept) for a snapshot. */
export async function defaultOccurrences(boardId: string, { rows, looks }: SnapshotRows): Promise<SnapshotOccurrenceView[]> {
  const out: SnapshotOccurrenceView[] = new Array(rows.length);
  const slices = new LayoutSlices();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const look = looks.get(r.job_id)!;
    // The keys in toOccurrenceView's order, so the answer reads as it always did.
    const v: SnapshotOccurrenceView = {
      id: r.id,
      boardId,
      jobId: r.job_id,
      jobName: look.name,
      kind: look.kind,
      assetId: r.asset_id,
      plannedStart: iso(r.planned_ms),
      startsAt: iso(r.start_ms),
      endsAt: iso(r.end_ms),
      status: r.status,
      version: r.version,
      detached: r.detached,
    } as SnapshotOccurrenceView;
    if (look.def) v.stops = stopsToDto(layoutOccurrence(look.def, r.planned_ms, r.start_ms).stops);
    v.updatedBy = r.actor_id ? { id: r.actor_id, displayName: r.actor_name ?? '' } : null;
    out[i] = v;
    if (slices.count(v.stops?.length ?? 0)) await slices.pause();
  }
  return out;
}

const MINUTE = 60_000;
const STATUS_INDEX = new Map<string, number>(COMPACT_STATUSES.map((s, i) => [s, i]));

/** The compact encoding's dictionaries and columns (shared/schemas/compact-snapshot.ts) for the same occurrences. */
export async function compactSnapshotOccurrences(em: EntityManager, boardId: string, from: Date, to: Date): Promise<Pick<CompactSnapshot, 'dict' | 'occurrences'>> {
  return compactOccurrences(await readSnapshot(em, boardId, from, to));
}

/** The compact encoding's `dict` and `occurrences` of rows read (or kept) for a snapshot. */
export async function compactOccurrences({ rows, looks }: SnapshotRows): Promise<Pick<CompactSnapshot, 'dict' | 'occurrences'>> {
  const assets: string[] = [];
  const assetIndex = new Map<string, number>();
  const assetOf = (id: string) => {
    let i = assetIndex.get(id);
    if (i === undefined) assetIndex.set(id, (i = assets.push(id) - 1));
    return i;
  };
  const jobs: [string, string, JobKind][] = [];
  const jobIndex = new Map<string, number>();
  const actors: [string, string][] = [];
  const actorIndex = new Map<string, number>();
  const n = rows.length;
  const cols: CompactOccurrences = { id: new Array(n), a: new Array(n), j: new Array(n), s: new Array(n), d: new Array(n), p: new Array(n), st: new Array(n), v: new Array(n), x: new Array(n), u: new Array(n), stops: {} };
  let prevStart = 0;
  const slices = new LayoutSlices();
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const look = looks.get(r.job_id)!;
    cols.id[i] = r.id;
    cols.a[i] = assetOf(r.asset_id);
    let j = jobIndex.get(r.job_id);
    if (j === undefined) jobIndex.set(r.job_id, (j = jobs.push([r.job_id, look.name, look.kind]) - 1));
    cols.j[i] = j;
    cols.s[i] = (r.start_ms - prevStart) / MINUTE;
    prevStart = r.start_ms;
    cols.d[i] = (r.end_ms - r.start_ms) / MINUTE;
    cols.p[i] = (r.planned_ms - r.start_ms) / MINUTE;
    cols.st[i] = STATUS_INDEX.get(r.status)!;
    cols.v[i] = r.version;
    cols.x[i] = r.detached ? 1 : 0;
    if (r.actor_id) {
      // Keyed like encodeSnapshot's dictionary: the same id under another name is another entry.
      const key = `${r.actor_id}\u0000${r.actor_name ?? ''}`;
      let u = actorIndex.get(key);
      if (u === undefined) actorIndex.set(key, (u = actors.push([r.actor_id, r.actor_name ?? '']) - 1));
      cols.u[i] = u;
    } else cols.u[i] = -1;
    let stops = 0;
    if (look.def) {
      const laid = (cols.stops[i] = layoutOccurrence(look.def, r.planned_ms, r.start_ms).stops.map((s) => [s.seq, assetOf(s.assetId), (s.startsAt - r.start_ms) / MINUTE, (s.endsAt - s.startsAt) / MINUTE]));
      stops = laid.length;
    }
    if (slices.count(stops)) await slices.pause();
  }
  return { dict: { assets, jobs, actors }, occurrences: cols };
}

/** Serialized parts bigger than this are built again each time instead of kept (the default answer's 20 MB). */
const MAX_KEPT_BYTES = 8 * 1024 * 1024;

type Parts = Record<string, Buffer | readonly Buffer[]>;
const bytesOf = (parts: Parts) => Object.values(parts).reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.reduce((m, b) => m + b.length, 0)), 0);

/** Built once per kept rows (shared by simultaneous requests); kept only when small enough. */
async function builtOnce(kept: KeptRows, key: string, make: () => Promise<Parts>): Promise<Parts> {
  let made = kept.built.get(key) as Promise<Parts> | undefined;
  if (!made) {
    made = make();
    kept.built.set(key, made);
    made.then(
      (parts) => {
        if (bytesOf(parts) > MAX_KEPT_BYTES) kept.built.delete(key);
      },
      () => kept.built.delete(key),
    );
  }
  return made;
}

/**
 * The occurrence part of a snapshot from kept rows: `occurrences` (default), or `dict` and
 * `occurrences` (compact). With `raw`, as RawJson, serialized once per kept rows: after a write that
 * changed no occurrence (a rename, a conflict dismissed), the next answer only serializes the rest.
 * The compact one comes from the range's CompactPieces, which re-encode only what the rows changed.
 */
/**
 * Where a snapshot cut at the row limit stops being whole: the start of its last row, to the
 * millisecond, floored. Rows come by start, so every occurrence starting before it is in; one
 * overlapping [from, nextFrom) either starts before it or before `from`, and those come first too.
 * Rows starting at the last one's instant may be cut off among themselves: the next request, from
 * there, has them (a client merges the two by version). Null when the rows are the whole range.
 */
export function nextFromOf(kept: Pick<KeptRows, 'rows' | 'cut'>): string | null {
  const last = kept.cut ? kept.rows.at(-1) : undefined;
  return last ? iso(Math.floor(last.start_ms)) : null;
}

export async function occurrencePart(kept: KeptRows, boardId: string, encoding: SnapshotEncoding, raw: boolean): Promise<Record<string, unknown>> {
  if (encoding === 'compact') {
    if (!raw) return compactOccurrences(kept);
    const parts = await builtOnce(kept, 'compact', () => kept.pieces.encode(kept));
    return { dict: new RawJson(parts.dict!), occurrences: new RawJson(parts.occurrences!) };
  }
  if (!raw) return { occurrences: await defaultOccurrences(boardId, kept) };
  const parts = await builtOnce(kept, 'default', async () => ({ occurrences: Buffer.from(JSON.stringify(await defaultOccurrences(boardId, kept))) }));
  return { occurrences: new RawJson(parts.occurrences!) };
}
