import type { EntityManager } from '@mikro-orm/postgresql';
import { findEventKinds, findOccurrenceEventIds, findSnapshotSeqs, snapshotOccurrenceRows, type SnapshotOccurrenceRow } from '../repositories/snapshot.repository';
import { LAST_CHANGE_WINDOW } from './occurrence-last-change';
import { MAX_OCCURRENCE_MS } from './schedule.service';
import { CompactPieces } from './snapshot-compact';
import { readLooks, SNAPSHOT_OCCURRENCE_LIMIT, type KeptRows } from './snapshot-occurrences';

export interface SnapshotRowCacheOptions {
  /** Ranges kept (least recently used out first). */
  maxRanges?: number;
  /** Events between the kept rows and now beyond which the rows are read afresh. */
  maxGap?: number;
  /** The row limit (SNAPSHOT_OCCURRENCE_LIMIT; smaller in tests, to reach the cut). */
  limit?: number;
  /** The last-change window (LAST_CHANGE_WINDOW; smaller in tests, so events leave it). */
  lastChangeWindow?: number;
}

const OCCURRENCE_EVENTS = new Set(['occurrence.created', 'occurrence.updated', 'occurrence.cancelled']);
export const JOB_EVENTS: ReadonlySet<string> = new Set(['job.created', 'job.updated', 'job.deleted']);
/** Events that change nothing the occurrence rows or their jobs' looks show (those parts are read each time). */
const OTHER_EVENTS = new Set(['conflict.opened', 'conflict.resolved', 'asset.created', 'asset.updated', 'member.updated', 'board.updated']);
const KNOWN_EVENTS = new Set([...OCCURRENCE_EVENTS, ...JOB_EVENTS, ...OTHER_EVENTS]);
/** Board parts kept (`part`), least recently used out first. */
const MAX_PARTS = 64;

/** PostgreSQL's `order by starts_at, id` (uuids compare as their lowercase hex text). */
function byStart(a: SnapshotOccurrenceRow, b: SnapshotOccurrenceRow): number {
  return a.start_ms - b.start_ms || (a.start_sub ?? 0) - (b.start_sub ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The occurrence rows of board snapshots, kept per board and range and brought up to date from the
 * board's event log instead of read again (issue 13.6: a 50,000-row read costs hundreds of ms of SQL
 * and row parsing; a dispatcher board changes all day).
 *
 * Why a kept range stays equal to a fresh read: every change of an occurrence row appends an
 * `occurrence.*` event naming it in the same transaction (event-log.ts), a change of a job's name,
 * kind or stops a `job.*` event. Reading in the snapshot's repeatable-read transaction, the events
 * after the kept seq say which rows to read again (by id, with the same range filter and last-change
 * join) and which jobs' looks; the rows of events that left the last-change window are read again
 * too (their `updatedBy` may now be null). Any other event kind, a long gap, or a cut range whose
 * changes reach past the cut means a full read.
 */
export class SnapshotRowCache {
  private readonly ranges = new Map<string, KeptRows>();
  private readonly parts = new Map<string, { seq: number; value: Promise<unknown> }>();
  private readonly maxRanges: number;
  private readonly maxGap: number;
  private readonly window: number;
  readonly limit: number;
  /** Full reads and updates from the event log so far (tests, metrics). */
  readonly counts = { read: 0, updated: 0 };

  constructor(opts: SnapshotRowCacheOptions = {}) {
    this.maxRanges = opts.maxRanges ?? 6;
    this.maxGap = opts.maxGap ?? 5_000;
    this.limit = opts.limit ?? SNAPSHOT_OCCURRENCE_LIMIT;
    this.window = opts.lastChangeWindow ?? LAST_CHANGE_WINDOW;
  }

  /** The rows of [from, to) as of the transaction `em` is in (a repeatable-read one). */
  async rows(em: EntityManager, boardId: string, from: Date, to: Date): Promise<KeptRows> {
    const key = `${boardId} ${from.toISOString()} ${to.toISOString()}`;
    const { seq, top } = await findSnapshotSeqs(em, boardId);
    const kept = this.ranges.get(key);
    let rows: KeptRows | null = null;
    if (kept && kept.seq === seq) rows = kept;
    else if (kept && kept.seq < seq && seq - kept.seq <= this.maxGap) {
      rows = await this.update(em, boardId, from, to, kept, seq, top);
      if (rows) this.counts.updated += 1;
    }
    if (!rows) {
      rows = await this.read(em, boardId, from, to, seq, top);
      this.counts.read += 1;
    }
    const now = this.ranges.get(key);
    if (!now || now.seq <= rows.seq) {
      this.ranges.delete(key);
      this.ranges.set(key, rows);
      for (const k of this.ranges.keys()) {
        if (this.ranges.size <= this.maxRanges) break;
        this.ranges.delete(k);
      }
    }
    return rows;
  }

  /**
   * The rows of [from, to) performed on `assetIds`, as of the transaction `em` is in: a first view's
   * (`?firstAssets=n`), read afresh each time and not kept. A tour's stops are on checkpoints and sites,
   * whose rows come after every performer's (ASSET_KIND_ORDER), so the runs whose stops are drawn on
   * the first rows are performed on them too.
   */
  async firstView(em: EntityManager, boardId: string, from: Date, to: Date, assetIds: readonly string[]): Promise<KeptRows> {
    const { seq, top } = await findSnapshotSeqs(em, boardId);
    return this.read(em, boardId, from, to, seq, top, assetIds);
  }

  /** The rows of [from, to) (only those performed on `assetIds`, when given) and their jobs' looks. */
  private async read(em: EntityManager, boardId: string, from: Date, to: Date, seq: number, top: number, assetIds?: readonly string[]): Promise<KeptRows> {
    const rows = await this.select(em, boardId, from, to, { assetIds });
    const looks = await readLooks(em, [...new Set(rows.map((r) => r.job_id))]);
    return { rows, looks, seq, top, cut: rows.length >= this.limit, built: new Map(), pieces: new CompactPieces() };
  }

  private select(em: EntityManager, boardId: string, from: Date, to: Date, only: { ids?: readonly string[]; assetIds?: readonly string[] }): Promise<SnapshotOccurrenceRow[]> {
    return snapshotOccurrenceRows(em, { boardId, from, to, maxLengthMs: MAX_OCCURRENCE_MS, limit: this.limit, lastChangeWindow: this.window, ...only });
  }

  /**
   * A part of a board's snapshot that only events of `kinds` change (the jobs: `job.*`), kept as of
   * `seq` (the rows' seq, read in the same transaction) and made again once such an event, or one of
   * a kind not known here, came after it.
   */
  async part<T>(em: EntityManager, boardId: string, seq: number, name: string, kinds: ReadonlySet<string>, make: () => Promise<T>): Promise<T> {
    const key = `${boardId} ${name}`;
    const kept = this.parts.get(key);
    let value: Promise<unknown> | null = null;
    if (kept && kept.seq === seq) value = kept.value;
    else if (kept && kept.seq < seq && seq - kept.seq <= this.maxGap) {
      const events = await findEventKinds(em, boardId, kept.seq, seq, this.maxGap + 1);
      if (events.length <= this.maxGap && events.every((e) => KNOWN_EVENTS.has(e.type) && !kinds.has(e.type))) value = kept.value;
    }
    if (!value) {
      const made = make();
      made.catch(() => {
        if (this.parts.get(key)?.value === made) this.parts.delete(key);
      });
      value = made;
    }
    const now = this.parts.get(key);
    if (!now || now.seq <= seq) {
      this.parts.delete(key);
      this.parts.set(key, { seq, value });
      for (const k of this.parts.keys()) {
        if (this.parts.size <= MAX_PARTS) break;
        this.parts.delete(k);
      }
    }
    return value as Promise<T>;
  }

  /** `kept` brought to `seq`, or null when only a full read can say. */
  private async update(em: EntityManager, boardId: string, from: Date, to: Date, kept: KeptRows, seq: number, top: number): Promise<KeptRows | null> {
    const events = await findEventKinds(em, boardId, kept.seq, seq, this.maxGap + 1);
    if (events.length > this.maxGap) return null;
    const dirty = new Set<string>();
    const jobs = new Set<string>();
    for (const e of events) {
      if (OCCURRENCE_EVENTS.has(e.type)) {
        if (!e.id) return null;
        dirty.add(e.id);
      } else if (JOB_EVENTS.has(e.type)) {
        if (!e.id) return null;
        jobs.add(e.id);
      } else if (!OTHER_EVENTS.has(e.type)) return null;
    }
    // The window is the newest `window` events: those that left it may have named a row's last actor.
    const leftAfter = Math.max(0, kept.top - this.window);
    const leftUpTo = Math.max(0, top - this.window);
    if (leftUpTo > leftAfter) {
      if (leftUpTo - leftAfter > this.maxGap) return null;
      for (const id of await findOccurrenceEventIds(em, boardId, leftAfter, leftUpTo)) dirty.add(id);
    }
    if (dirty.size > this.maxGap) return null;

    let rows = kept.rows;
    let fresh: SnapshotOccurrenceRow[] = [];
    if (dirty.size) {
      fresh = (await this.select(em, boardId, from, to, { ids: [...dirty] })).sort(byStart);
      rows = mergeInto(kept.rows, dirty, fresh);
      if (kept.cut) {
        // Rows past the old last row were never read: the answer is still known only if the limit is reached before it.
        const last = kept.rows[kept.rows.length - 1]!;
        if (rows.length < this.limit || byStart(rows[this.limit - 1]!, last) > 0) return null;
      }
      if (rows.length > this.limit) rows = rows.slice(0, this.limit);
    }

    // Looks are read for the jobs of rows read again that have none yet, and again for every job kept
    // with an event since (shown now or not: a row of it may come back later), not for all 50,000 rows.
    let looks = kept.looks;
    const load = new Set<string>();
    for (const id of jobs) if (looks.has(id)) load.add(id);
    for (const r of fresh) if (!looks.has(r.job_id)) load.add(r.job_id);
    if (load.size) {
      const copy = new Map(looks);
      for (const [id, look] of await readLooks(em, [...load])) copy.set(id, look);
      looks = copy;
    }
    const same = rows === kept.rows && looks === kept.looks;
    return { rows, looks, seq, top, cut: kept.cut || rows.length >= this.limit, built: same ? kept.built : new Map(), pieces: kept.pieces };
  }
}

/** `kept` without the rows named in `dirty`, with `fresh` (sorted by `byStart`) merged in: one pass, no copy in between. */
function mergeInto(kept: readonly SnapshotOccurrenceRow[], dirty: ReadonlySet<string>, fresh: readonly SnapshotOccurrenceRow[]): SnapshotOccurrenceRow[] {
  const out: SnapshotOccurrenceRow[] = [];
  let j = 0;
  for (const r of kept) {
    if (dirty.has(r.id)) continue;
    while (j < fresh.length && byStart(fresh[j]!, r) < 0) out.push(fresh[j++]!);
    out.push(r);
  }
  while (j < fresh.length) out.push(fresh[j++]!);
  return out;
}
