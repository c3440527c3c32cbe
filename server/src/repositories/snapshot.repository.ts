import type { EntityManager } from '@mikro-orm/postgresql';
import { OCCURRENCE_STATUSES, type AssetDto, type OccurrenceStatus } from '@schedhuler/shared';
import { pgArray, type JobLookRow } from '../services/scheduling-rows';
import { MEMBER_ROLE_SQL } from './membership.repository';
import { rawQuery } from './sql';

/** One occurrence of a board snapshot as read: instants as epoch milliseconds, the last actor joined in. */
export interface SnapshotOccurrenceRow {
  id: string;
  job_id: string;
  asset_id: string;
  status: OccurrenceStatus;
  detached: boolean;
  version: number;
  planned_ms: number;
  start_ms: number;
  end_ms: number;
  actor_id: string | null;
  actor_name: string | null;
  /** Microseconds of `starts_at` past `start_ms` (null when none): only to order rows as PostgreSQL does when merging. */
  start_sub: number | null;
}

/**
 * Non-cancelled occurrences overlapping [from, to) (those starting before `from` by at most
 * `maxLengthMs`), ordered by start then id, at most `limit`, each with the actor of its newest
 * occurrence event among the board's last `lastChangeWindow` events.
 *
 * One statement for the snapshot's read path (issue 13.6): instants come as numbers (no timestamp
 * strings to parse), and the last-change lookup is a join on the window's newest event per id
 * instead of a 50,000-id array sent back as a parameter. A full read comes as a few columns
 * (`COLUMNS_SQL`), the rows of `ids` (a few, read again after writes) as rows with instants as
 * float8 epoch milliseconds.
 */
export async function snapshotOccurrenceRows(
  em: EntityManager,
  q: { boardId: string; from: Date; to: Date; maxLengthMs: number; limit: number; lastChangeWindow: number; ids?: readonly string[]; assetIds?: readonly string[] },
): Promise<SnapshotOccurrenceRow[]> {
  // 50,000 rows sorted by (starts_at, id) spill to disk at the default 4 MB (an external merge, ~40 %
  // of the statement's time); `set local` ends with the snapshot's transaction.
  if (em.getTransactionContext() && !q.ids) await rawQuery(em, `set local work_mem = '64MB'`);
  // `ids`: only these occurrences (the snapshot cache re-reading what changed since it read the rest).
  const only = q.ids ? `and o.id = any(?::uuid[])` : '';
  const onlyEvents = q.ids ? `and e.data->>'id' = any(?::text[])` : '';
  const ids = q.ids ? [pgArray(q.ids)] : [];
  // `assetIds`: a first view's rows, the occurrences performed on these assets (on the asset index).
  const onAssets = q.assetIds ? `and o.asset_id = any(?::uuid[])` : '';
  const assets = q.assetIds ? [pgArray(q.assetIds)] : [];
  // The join is on uuid: casting every occurrence id to text cost more than the rest of the join.
  const rows = `with last_change as (
       select distinct on (e.data->>'id') (e.data->>'id')::uuid as id, e.actor_id, e.actor_name
         from board_event e
        where e.board_id = ?
          and e.seq > (select coalesce(max(seq), 0) - ? from board_event where board_id = ?)
          and e.type in ('occurrence.created', 'occurrence.updated', 'occurrence.cancelled') ${onlyEvents}
        order by e.data->>'id', e.seq desc
     ), r as (
     select o.id, o.job_id, o.asset_id, o.status, o.detached, o.version, o.planned_start, o.starts_at, o.ends_at,
            lc.actor_id, lc.actor_name, lc.id is not null as changed
       from occurrence o left join last_change lc on lc.id = o.id
      where o.board_id = ? and o.status <> 'cancelled' and o.starts_at < ? and o.starts_at > ? and o.ends_at > ? ${only} ${onAssets}
      order by o.starts_at, o.id
      limit ?)`;
  const params = [q.boardId, q.lastChangeWindow, q.boardId, ...ids, q.boardId, q.to, new Date(q.from.getTime() - q.maxLengthMs), q.from, ...ids, ...assets, q.limit];
  if (q.ids) {
    // date_part is float8 (extract is numeric, ~3x slower); date_trunc first, so microseconds are cut
    // like the default answer's ISO strings cut them.
    return rawQuery<SnapshotOccurrenceRow>(
      em,
      `${rows} select id, job_id, asset_id, status, detached, version,
              round(date_part('epoch', date_trunc('milliseconds', planned_start)) * 1000) as planned_ms,
              round(date_part('epoch', date_trunc('milliseconds', starts_at)) * 1000) as start_ms,
              round(date_part('epoch', date_trunc('milliseconds', ends_at)) * 1000) as end_ms,
              actor_id, actor_name, nullif(date_part('microseconds', starts_at)::int % 1000, 0) as start_sub
         from r order by starts_at, id`,
      params,
    );
  }
  const [cols] = await rawQuery<SnapshotColumns>(em, `${rows} ${COLUMNS_SQL}`, params);
  return cols ? fromColumns(cols) : [];
}

/**
 * A full read as one row of a few wide values instead of 50,000 rows of 12 fields: parsing 600,000
 * fields in node-postgres (and collecting the strings after) cost more than the statement itself,
 * and so did formatting instants and uuids as text in PostgreSQL. Occurrence ids as fixed-width text
 * concatenated; everything else of a row but its last actor as one fixed-width binary record
 * (`RECORD`: `*_send` gives 16-byte uuids, big-endian integers, instants as microseconds since 2000),
 * all records in one aggregate; the last actors of the rows that have one as JSON, in row order.
 * PostgreSQL 15 sorts the rows again per ordered aggregate (16 and later, the deployment's 16 and the
 * embedded 18, feed all aggregates of one order from one sorted input): on 15 one record instead of
 * seven binary columns and a flag column took the statement from ~131 to ~81 ms at 50,000; on 18 it
 * changes nothing measurable. The records go as base64 (Buffer.from skips the line breaks `encode`
 * puts in): bytea's text form is hex, half again as many bytes, a few ms more at 50,000.
 */
const BY_ROW = 'order by starts_at, id';
/** status × 4 + detached × 2 + "has a last change". */
const FLAG_SQL = `(case status ${OCCURRENCE_STATUSES.map((s, i) => `when '${s}' then ${i * 4}`).join(' ')} end + case when detached then 2 else 0 end + case when changed then 1 else 0 end)::int2`;
/** Byte offsets in a row's record (`FLAG_SQL` an int2 at `flag`). */
const RECORD = { job: 0, asset: 16, start: 32, end: 40, planned: 48, version: 56, flag: 60, size: 62 } as const;
const COLUMNS_SQL = `select count(*)::int as n,
    string_agg(id::text, '' ${BY_ROW}) as ids,
    encode(string_agg(uuid_send(job_id) || uuid_send(asset_id) || timestamptz_send(starts_at) || timestamptz_send(ends_at)
      || timestamptz_send(planned_start) || int4send(version) || int2send(${FLAG_SQL}), ''::bytea ${BY_ROW}), 'base64') as records,
    json_agg(json_build_array(actor_id, actor_name) ${BY_ROW}) filter (where changed) as actors
  from r`;

interface SnapshotColumns {
  n: number;
  ids: string | null;
  records: string | null;
  actors: [string | null, string | null][] | null;
}

/** 2000-01-01 (PostgreSQL's epoch of binary instants) in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
/** 2^32 mod 1000: the microseconds past the millisecond of an instant are (hi × this + lo) mod 1000. */
const TWO_32_MOD_1000 = 296;

/**
 * The binary instants at `first` of every record as Unix ms cut to the millisecond and, in `subs`, the
 * microseconds cut off (what the row statement's date_trunc / date_part give): below 2^53 µs (year
 * 2285) in doubles, exactly, with the remainder from small integers (a float modulo costs more); BigInt beyond.
 */
function instantColumn(buf: Buffer, n: number, first: number, subs?: Int16Array): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0, at = first; k < n; k++, at += RECORD.size) {
    const hi = buf.readInt32BE(at);
    const lo = buf.readUInt32BE(at + 4);
    let ms: number;
    let sub: number;
    if (hi < 0x200000 && hi >= -0x200000) {
      sub = ((hi % 1000) * TWO_32_MOD_1000 + (lo % 1000)) % 1000;
      if (sub < 0) sub += 1000;
      ms = (hi * 0x100000000 + lo - sub) / 1000 + PG_EPOCH_MS;
    } else {
      const us = buf.readBigInt64BE(at);
      const rest = ((us % 1000n) + 1000n) % 1000n;
      sub = Number(rest);
      ms = Number((us - rest) / 1000n) + PG_EPOCH_MS;
    }
    out[k] = ms;
    if (subs) subs[k] = sub;
  }
  return out;
}

function uuidText(buf: Buffer, at: number): string {
  const h = buf.toString('hex', at, at + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The binary uuids at `first` of every record as text, one string per distinct id (the encoders'
 * dictionaries hash it once). Told apart by their four 32-bit words: no string made per row (2-3x
 * faster than a key string).
 */
function uuidColumn(buf: Buffer, n: number, first: number): string[] {
  // First word → [second, third, fourth word, text, ...] of the ids starting with it.
  const seen = new Map<number, (number | string)[]>();
  const out: string[] = new Array(n);
  for (let k = 0, at = first; k < n; k++, at += RECORD.size) {
    const w0 = buf.readUInt32BE(at);
    const w1 = buf.readUInt32BE(at + 4);
    const w2 = buf.readUInt32BE(at + 8);
    const w3 = buf.readUInt32BE(at + 12);
    let same = seen.get(w0);
    if (!same) seen.set(w0, (same = []));
    let text: string | undefined;
    for (let e = 0; e < same.length; e += 4) {
      if (same[e] === w1 && same[e + 1] === w2 && same[e + 2] === w3) {
        text = same[e + 3] as string;
        break;
      }
    }
    if (text === undefined) same.push(w1, w2, w3, (text = uuidText(buf, at)));
    out[k] = text;
  }
  return out;
}

const UUID_CHARS = 36;

function fromColumns(c: SnapshotColumns): SnapshotOccurrenceRow[] {
  const n = c.n;
  // Aggregates over no rows are null.
  if (!n) return [];
  const ids = c.ids!;
  const rec = Buffer.from(c.records!, 'base64');
  const jobIds = uuidColumn(rec, n, RECORD.job);
  const assetIds = uuidColumn(rec, n, RECORD.asset);
  const subs = new Int16Array(n);
  const starts = instantColumn(rec, n, RECORD.start, subs);
  const ends = instantColumn(rec, n, RECORD.end);
  const planned = instantColumn(rec, n, RECORD.planned);
  const actors = c.actors ?? [];
  const out: SnapshotOccurrenceRow[] = new Array(n);
  let actor = 0;
  for (let k = 0, at = 0; k < n; k++, at += RECORD.size) {
    const flag = rec.readUInt16BE(at + RECORD.flag);
    const last = flag & 1 ? actors[actor++]! : null;
    out[k] = {
      id: ids.slice(UUID_CHARS * k, UUID_CHARS * (k + 1)),
      job_id: jobIds[k]!,
      asset_id: assetIds[k]!,
      status: OCCURRENCE_STATUSES[flag >> 2]!,
      detached: (flag & 2) !== 0,
      version: rec.readInt32BE(at + RECORD.version),
      planned_ms: planned[k]!,
      start_ms: starts[k]!,
      end_ms: ends[k]!,
      actor_id: last ? last[0] : null,
      actor_name: last ? last[1] : null,
      start_sub: subs[k] || null,
    };
  }
  return out;
}

/**
 * What a snapshot shows of the jobs of its occurrences (enabled or not: an occurrence of a deleted job
 * still shows its name): the columns of a job's look only (hundreds of jobs' five timestamps parsed
 * into Dates cost more than the statement).
 */
export function jobRowsByIds(em: EntityManager, ids: readonly string[]): Promise<JobLookRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return rawQuery<JobLookRow>(em, 'select id, kind, name, plan_duration_min, break_min, frequency, randomize from job where id = any(?::uuid[])', [pgArray(ids)]);
}

/**
 * The board's committed `last_seq` with the actor's membership role (MEMBER_ROLE_SQL), in one read:
 * what a cached snapshot answer is checked against (undefined: no such board).
 */
export async function findSnapshotStamp(em: EntityManager, actorId: string, boardId: string): Promise<{ seq: number; role: string | null } | undefined> {
  const [row] = await rawQuery<{ last_seq: string; role: string | null }>(em, `select b.last_seq, ${MEMBER_ROLE_SQL} from board b where b.id = ?`, [actorId, boardId]);
  return row && { seq: Number(row.last_seq), role: row.role };
}

/**
 * The board's `last_seq` and the newest seq in its event log (the last-change window is counted back
 * from the latter), read in the snapshot's own transaction.
 */
export async function findSnapshotSeqs(em: EntityManager, boardId: string): Promise<{ seq: number; top: number }> {
  const [row] = await rawQuery<{ seq: string; top: string }>(
    em,
    `select b.last_seq as seq, (select coalesce(max(seq), 0) from board_event where board_id = b.id) as top from board b where b.id = ?`,
    [boardId],
  );
  return { seq: Number(row?.seq ?? 0), top: Number(row?.top ?? 0) };
}

/** The type and `data.id` of a board's events with seq in (after, upTo], in seq order (`limit`: at most). */
export async function findEventKinds(em: EntityManager, boardId: string, after: number, upTo: number, limit: number): Promise<{ seq: number; type: string; id: string | null }[]> {
  const rows = await rawQuery<{ seq: string; type: string; id: string | null }>(
    em,
    `select seq, type, data->>'id' as id from board_event where board_id = ? and seq > ? and seq <= ? order by seq limit ?`,
    [boardId, after, upTo, limit],
  );
  return rows.map((r) => ({ seq: Number(r.seq), type: r.type, id: r.id }));
}

/** The occurrence ids of a board's occurrence events with seq in (after, upTo] (those leaving the last-change window). */
export async function findOccurrenceEventIds(em: EntityManager, boardId: string, after: number, upTo: number): Promise<string[]> {
  const rows = await rawQuery<{ id: string | null }>(
    em,
    `select distinct data->>'id' as id from board_event
      where board_id = ? and seq > ? and seq <= ? and type in ('occurrence.created', 'occurrence.updated', 'occurrence.cancelled')`,
    [boardId, after, upTo],
  );
  return rows.map((r) => r.id).filter((id): id is string => id !== null);
}

/**
 * A board's assets as the snapshot lists them (by kind, then code: AssetService.list's order), as
 * AssetDto in one statement: hydrating 500 Asset entities cost more than the rest of a kept snapshot.
 */
export function findSnapshotAssets(em: EntityManager, boardId: string): Promise<AssetDto[]> {
  return rawQuery<AssetDto>(
    em,
    `select id, board_id as "boardId", code, name, kind, status, version from asset where board_id = ? order by kind, code`,
    [boardId],
  );
}
