import type { CompactOccurrences, CompactSnapshot } from '../schemas/compact-snapshot';
import { COMPACT_STATUSES } from './compact-statuses';
import type { BoardSnapshot, EventActor, OccurrenceDto, OccurrenceStop } from '../schemas/events';
import type { JobKind } from '../schemas/job';

/**
 * Pure encode/decode of the compact board snapshot (schemas/compact-snapshot.ts), so that
 * `decodeSnapshot(encodeSnapshot(s))` deep-equals `s`. Instants travel as epoch minutes; one that is
 * not on a whole minute keeps its milliseconds as a fraction, and every difference is rounded back
 * to whole milliseconds, so no drift adds up along a column. Row order is kept as given.
 *
 * Invariant: every occurrence belongs to the snapshot's board (`boardId` is not sent per row).
 */

/** An occurrence as the board snapshot sends it: the wire DTO plus what the board draws without the job. */
export interface SnapshotOccurrence extends OccurrenceDto {
  jobName?: string;
  kind?: JobKind;
  plannedStart?: string;
}

export type DecodedSnapshot = Omit<BoardSnapshot, 'occurrences'> & { occurrences: SnapshotOccurrence[] };

const MINUTE = 60_000;
const STATUS_INDEX = new Map<string, number>(COMPACT_STATUSES.map((s, i) => [s, i]));

/** Minutes of a millisecond difference (a whole number unless the difference has seconds). */
const toMin = (ms: number) => ms / MINUTE;
/** The millisecond difference back from its minutes: exact for every difference of whole ms. */
const fromMin = (min: number) => Math.round(min * MINUTE);
const DAY = 86_400_000;
/** Year 10000: from there on toISOString writes six-digit years. */
const ISO_MAX = 253_402_300_800_000;
const isoDays = new Map<number, string>();
let isoMinutes: string[] | null = null;

/**
 * `new Date(ms).toISOString()`, built from a cached "YYYY-MM-DDT" per day and "HH:MM:00.000Z" per
 * minute of the day when ms is a whole minute (nearly every time the snapshot holds): decoding 50,000
 * occurrences wrote ~100,000 ISO strings, and toISOString was most of the decode.
 */
export function isoOf(ms: number): string {
  const day = Math.floor(ms / DAY);
  const rem = ms - day * DAY;
  if (rem % MINUTE !== 0 || !(ms >= 0 && ms < ISO_MAX)) return new Date(ms).toISOString();
  let prefix = isoDays.get(day);
  if (prefix === undefined) {
    if (isoDays.size >= 4096) isoDays.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    isoDays.set(day, prefix);
  }
  isoMinutes ??= Array.from({ length: 1440 }, (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00.000Z`);
  return prefix + isoMinutes[rem / MINUTE]!;
}

/** Index of a key in a dictionary being built, added on first sight. */
class Dict<K> {
  readonly keys: K[] = [];
  private readonly index = new Map<K, number>();
  of(key: K): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.index.set(key, i);
    }
    return i;
  }
}

export function encodeSnapshot(snapshot: DecodedSnapshot): CompactSnapshot {
  const { occurrences, ...rest } = snapshot;
  const boardId = snapshot.board.id;
  const assets = new Dict<string>();
  const jobKeys = new Dict<string>();
  const jobs: [string, string | null, JobKind | null][] = [];
  const actorKeys = new Dict<string>();
  const actors: [string, string][] = [];
  const n = occurrences.length;
  const cols: CompactOccurrences = { id: new Array(n), a: new Array(n), j: new Array(n), s: new Array(n), d: new Array(n), p: new Array(n), st: new Array(n), v: new Array(n), x: new Array(n), u: new Array(n), stops: {} };
  let prevStart = 0;
  for (let i = 0; i < n; i++) {
    const o = occurrences[i]!;
    if (o.boardId !== boardId) throw new Error(`occurrence ${o.id} is on board ${o.boardId}, not on the snapshot's ${boardId}`);
    const start = Date.parse(o.startsAt);
    cols.id[i] = o.id;
    cols.a[i] = assets.of(o.assetId);
    // A job's name and kind are the same on all its rows; the key keeps them apart if they ever are not.
    const jobKey = `${o.jobId}\u0000${o.jobName ?? '\u0001'}\u0000${o.kind ?? '\u0001'}`;
    const j = jobKeys.of(jobKey);
    if (j === jobs.length) jobs.push([o.jobId, o.jobName ?? null, o.kind ?? null]);
    cols.j[i] = j;
    cols.s[i] = toMin(start - prevStart);
    prevStart = start;
    cols.d[i] = toMin(Date.parse(o.endsAt) - start);
    cols.p[i] = o.plannedStart === undefined ? null : toMin(Date.parse(o.plannedStart) - start);
    const st = STATUS_INDEX.get(o.status);
    if (st === undefined) throw new Error(`occurrence ${o.id}: unknown status ${o.status}`);
    cols.st[i] = st;
    cols.v[i] = o.version;
    cols.x[i] = o.detached ? 1 : 0;
    cols.u[i] = o.updatedBy === undefined ? -2 : o.updatedBy === null ? -1 : actorIndex(o.updatedBy);
    if (o.stops) cols.stops[i] = o.stops.map((s) => { const ss = Date.parse(s.startsAt); return [s.seq, assets.of(s.assetId), toMin(ss - start), toMin(Date.parse(s.endsAt) - ss)]; });
  }
  return { encoding: 'compact', v: 1, ...rest, dict: { assets: assets.keys, jobs, actors }, occurrences: cols };

  function actorIndex(a: EventActor): number {
    const i = actorKeys.of(`${a.id}\u0000${a.displayName}`);
    if (i === actors.length) actors.push([a.id, a.displayName]);
    return i;
  }
}

/** A decoded snapshot with each occurrence's start and end in epoch ms: `instants[2i]`, `instants[2i + 1]`. */
export type TimedSnapshot = DecodedSnapshot & { instants: Float64Array };

/**
 * `decodeSnapshot` plus the instants it computes on the way, so that a reader that keeps numbers
 * (the board's range cache) does not parse 100,000 ISO strings back at 50,000 occurrences.
 */
export function decodeSnapshotTimed(compact: CompactSnapshot): TimedSnapshot {
  const instants = new Float64Array(compact.occurrences.id.length * 2);
  return { ...decodeInto(compact, instants), instants };
}

export function decodeSnapshot(compact: CompactSnapshot): DecodedSnapshot {
  return decodeInto(compact, null);
}

function decodeInto(compact: CompactSnapshot, instants: Float64Array | null): DecodedSnapshot {
  const { encoding: _encoding, v: _v, dict, occurrences: cols, ...rest } = compact;
  const boardId = compact.board.id;
  const actors = dict.actors.map(([id, displayName]) => ({ id, displayName }));
  const n = cols.id.length;
  const out: SnapshotOccurrence[] = new Array(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    start += fromMin(cols.s[i]!);
    const [jobId, jobName, kind] = dict.jobs[cols.j[i]!]!;
    const end = start + fromMin(cols.d[i]!);
    if (instants) {
      instants[2 * i] = start;
      instants[2 * i + 1] = end;
    }
    const p = cols.p[i];
    const stops = cols.stops[i];
    const u = cols.u[i]!;
    let o: SnapshotOccurrence;
    if (jobName !== null && kind !== null && p !== null && p !== undefined && !stops && u !== -2) {
      // The usual row as one literal (one shape, properties in the object: cheaper to build and to hold
      // at 50,000 than adding them one by one), keys in the order the server writes them.
      o = {
        id: cols.id[i]!,
        boardId,
        jobId,
        jobName,
        kind,
        assetId: dict.assets[cols.a[i]!]!,
        plannedStart: isoOf(start + fromMin(p)),
        startsAt: isoOf(start),
        endsAt: isoOf(end),
        status: COMPACT_STATUSES[cols.st[i]!]!,
        version: cols.v[i]!,
        detached: cols.x[i] === 1,
        updatedBy: u === -1 ? null : actors[u]!,
      };
    } else {
      // Keys in the order the server writes them, so the decoded rows print like the default answer's.
      o = { id: cols.id[i]!, boardId, jobId } as SnapshotOccurrence;
      if (jobName !== null) o.jobName = jobName;
      if (kind !== null) o.kind = kind;
      o.assetId = dict.assets[cols.a[i]!]!;
      if (p !== null && p !== undefined) o.plannedStart = isoOf(start + fromMin(p));
      o.startsAt = isoOf(start);
      o.endsAt = isoOf(end);
      o.status = COMPACT_STATUSES[cols.st[i]!]!;
      o.version = cols.v[i]!;
      o.detached = cols.x[i] === 1;
      if (stops) o.stops = stops.map(([seq, a, off, len]): OccurrenceStop => { const ss = start + fromMin(off); return { seq, assetId: dict.assets[a]!, startsAt: isoOf(ss), endsAt: isoOf(ss + fromMin(len)) }; });
      if (u !== -2) o.updatedBy = u === -1 ? null : actors[u]!;
    }
    out[i] = o;
  }
  return { ...rest, occurrences: out };
}
