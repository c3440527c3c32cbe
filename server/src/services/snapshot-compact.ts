import { COMPACT_STATUSES, type JobKind, type LaidOutStop, type TourDef } from '@schedhuler/shared';
import type { SnapshotOccurrenceRow } from '../repositories/snapshot.repository';
import { LayoutSlices, type JobLook } from './occurrence-store';
import { layoutOccurrence } from './scheduling-rows';

const MINUTE = 60_000;
const STATUS_INDEX = new Map<string, number>(COMPACT_STATUSES.map((s, i) => [s, i]));
/** The compact encoding's occurrence columns, in the order `compactOccurrences` writes them. */
const COLUMNS = ['id', 'a', 'j', 's', 'd', 'p', 'st', 'v', 'x', 'u'] as const;
/** A segment never grows past this many rows, whatever its ids. */
const MAX_SEGMENT = 1024;
const COMMA = Buffer.from(',');

type Row = SnapshotOccurrenceRow;

/**
 * Segments end before a row whose id ends in "00" (1 in 256 random uuids): boundaries that depend on
 * the rows themselves, not on their positions, so a row created or removed re-encodes its own segment
 * only, not every segment after it.
 */
const startsSegment = (id: string) => id.charCodeAt(id.length - 1) === 48 && id.charCodeAt(id.length - 2) === 48;

/** What one run of rows encodes to, and everything that text depends on (checked before it is used again). */
interface Segment {
  /** The row objects (kept rows are never changed in place: a changed row is a new object). */
  rows: Row[];
  /** Each row's tour definition (a job event replaces it; a task's is null, so renaming one re-encodes nothing). */
  defs: (TourDef | null)[];
  /** A looks map whose definitions for these rows are `defs` (set when checked; saves the look-up next time). */
  checked: ReadonlyMap<string, JobLook> | null;
  /** Each row's laid-out stops (null: none). */
  laid: (LaidOutStop[] | null)[];
  /** Start of the row before the segment (column `s` is a difference to it). */
  prevStart: number;
  /** The dictionary indexes the text holds, in order: asset, job, actor, then the stops' assets, per row. */
  refs: Int32Array;
  /** Sizes of the asset, job and actor dictionaries before the segment, and the entries it added to them. */
  at: [number, number, number];
  added: Dict;
  /** JSON of each column's values, without the brackets. */
  cols: Buffer[];
  /** The rows with stops: [offset in the segment, JSON of their stops]. */
  stops: [number, string][];
}

/** The dictionaries in first-use order (jobs by id; their name and kind come from the looks). */
interface Dict {
  assets: string[];
  jobs: string[];
  actors: [string, string][];
}

export type CompactParts = {
  dict: Buffer;
  occurrences: Buffer[];
};

/**
 * The compact encoding's `dict` and `occurrences` as JSON (issue 13.6), re-encoding only the segments
 * of rows that changed since the last time. After a planner's move the snapshot of 50,000 rows differs
 * in a few values; building all columns and serializing them again cost ~90 ms of the answer.
 *
 * Byte for byte what `JSON.stringify` of `compactOccurrences` gives (snapshot-compact.test.ts). A kept
 * segment is used only when its rows, their tour definitions, the start before it and every dictionary
 * index it holds are the same as when it was encoded; the row index keys of `stops` are written at
 * assembly. The dictionaries are first-use order, so a segment's indexes depend on the rows before it:
 * while the dictionaries built so far are a prefix of the last call's and as long as when the kept
 * segment was used, its indexes are the same without looking at its rows' assets, jobs and actors;
 * otherwise they are looked up row by row and compared. One per kept range; builds of different seqs
 * may run at once (each reads what the last finished one left and replaces it when done).
 */
export class CompactPieces {
  private last: { segments: Map<Row, Segment>; dict: Dict } = { segments: new Map(), dict: { assets: [], jobs: [], actors: [] } };
  /** Segments encoded and reused by the last call (tests). */
  readonly counts = { encoded: 0, reused: 0 };

  async encode({ rows, looks }: { rows: readonly Row[]; looks: ReadonlyMap<string, JobLook> }): Promise<CompactParts> {
    const { segments: kept, dict: lastDict } = this.last;
    const next = new Map<Row, Segment>();
    const dict: Dict = { assets: [], jobs: [], actors: [] };
    const { assets, jobs, actors } = dict;
    const assetIndex = new Map<string, number>();
    const assetOf = (id: string) => {
      let i = assetIndex.get(id);
      if (i === undefined) assetIndex.set(id, (i = assets.push(id) - 1));
      return i;
    };
    const jobIndex = new Map<string, number>();
    // Keyed like encodeSnapshot's dictionary: the same id under another name is another entry.
    const actorIndex = new Map<string, Map<string, number>>();
    const actorOf = (id: string, name: string) => {
      let names = actorIndex.get(id);
      if (!names) actorIndex.set(id, (names = new Map()));
      let u = names.get(name);
      if (u === undefined) names.set(name, (u = actors.push([id, name]) - 1));
      return u;
    };
    const cols: Buffer[][] = COLUMNS.map(() => []);
    const stops: string[] = [];
    const refs: number[] = [];
    const counts = { encoded: 0, reused: 0 };
    const slices = new LayoutSlices();
    const n = rows.length;
    let prevStart = 0;
    // The dictionaries so far are a prefix of the last call's.
    let prefix = true;
    for (let start = 0; start < n; ) {
      let end = start + 1;
      while (end < n && end - start < MAX_SEGMENT && !startsSegment(rows[end]!.id)) end++;
      const m = end - start;
      const at: [number, number, number] = [assets.length, jobs.length, actors.length];
      const old = kept.get(rows[start]!);
      let same = !!old && old.prevStart === prevStart && old.rows.length === m;
      for (let k = 0; same && k < m; k++) same = old!.rows[k] === rows[start + k];
      if (same && old!.checked !== looks) {
        for (let k = 0; same && k < m; k++) same = looks.get(rows[start + k]!.job_id)!.def === old!.defs[k];
        if (same) old!.checked = looks;
      }
      let seg: Segment;
      if (same && prefix && old!.at[0] === at[0] && old!.at[1] === at[1] && old!.at[2] === at[2]) {
        // Same rows after the same dictionaries: the same indexes, and the same entries added.
        seg = old!;
        for (const id of seg.added.assets) assetIndex.set(id, assets.push(id) - 1);
        for (const id of seg.added.jobs) jobIndex.set(id, jobs.push(id) - 1);
        for (const [id, name] of seg.added.actors) actorOf(id, name);
        // Comparing references costs next to nothing beside laying out stops: one count per segment.
        if (slices.count(0)) await slices.pause();
      } else {
        const defs: (TourDef | null)[] = new Array(m);
        const laid: (LaidOutStop[] | null)[] = new Array(m);
        refs.length = 0;
        for (let k = 0; k < m; k++) {
          const r = rows[start + k]!;
          const look = looks.get(r.job_id)!;
          defs[k] = look.def;
          refs.push(assetOf(r.asset_id));
          let j = jobIndex.get(r.job_id);
          if (j === undefined) jobIndex.set(r.job_id, (j = jobs.push(r.job_id) - 1));
          refs.push(j);
          refs.push(r.actor_id ? actorOf(r.actor_id, r.actor_name ?? '') : -1);
          const laidStops = look.def ? (same ? old!.laid[k]! : layoutOccurrence(look.def, r.planned_ms, r.start_ms).stops) : null;
          laid[k] = laidStops;
          if (laidStops) for (const t of laidStops) refs.push(assetOf(t.assetId));
          if (slices.count(laidStops?.length ?? 0)) await slices.pause();
        }
        if (same && old!.refs.length === refs.length) for (let q = 0; q < refs.length && same; q++) same = old!.refs[q] === refs[q];
        else same = false;
        const added: Dict = { assets: assets.slice(at[0]), jobs: jobs.slice(at[1]), actors: actors.slice(at[2]) };
        seg = same ? { ...old!, at, added } : encodeSegment(rows, start, end, prevStart, defs, looks, laid, Int32Array.from(refs), at, added);
        for (let i = at[0]; prefix && i < assets.length; i++) prefix = lastDict.assets[i] === assets[i];
        for (let i = at[1]; prefix && i < jobs.length; i++) prefix = lastDict.jobs[i] === jobs[i];
        for (let i = at[2]; prefix && i < actors.length; i++) prefix = lastDict.actors[i]?.[0] === actors[i]![0] && lastDict.actors[i]![1] === actors[i]![1];
      }
      counts[seg === old || same ? 'reused' : 'encoded'] += 1;
      next.set(rows[start]!, seg);
      for (let c = 0; c < COLUMNS.length; c++) cols[c]!.push(seg.cols[c]!);
      for (const [offset, json] of seg.stops) stops.push(`"${start + offset}":${json}`);
      prevStart = rows[end - 1]!.start_ms;
      start = end;
    }
    this.last = { segments: next, dict };
    Object.assign(this.counts, counts);
    const out: Buffer[] = [];
    for (let c = 0; c < COLUMNS.length; c++) {
      out.push(Buffer.from(`${c ? '],' : '{'}"${COLUMNS[c]}":[`));
      const parts = cols[c]!;
      for (let i = 0; i < parts.length; i++) {
        if (i) out.push(COMMA);
        out.push(parts[i]!);
      }
    }
    out.push(Buffer.from(`],"stops":{${stops.join(',')}}}`));
    const jobEntries = jobs.map((id): [string, string, JobKind] => {
      const look = looks.get(id)!;
      return [id, look.name, look.kind];
    });
    return { dict: Buffer.from(JSON.stringify({ assets, jobs: jobEntries, actors })), occurrences: out };
  }
}

/** The JSON of rows [start, end), the same numbers `compactOccurrences` puts in its columns. */
function encodeSegment(
  rows: readonly Row[],
  start: number,
  end: number,
  prevStart: number,
  defs: (TourDef | null)[],
  looks: ReadonlyMap<string, JobLook>,
  laid: (LaidOutStop[] | null)[],
  refs: Int32Array,
  at: [number, number, number],
  added: Dict,
): Segment {
  const m = end - start;
  const values = COLUMNS.map(() => new Array<unknown>(m));
  const [id, a, j, s, d, p, st, v, x, u] = values as [string[], number[], number[], number[], number[], number[], number[], number[], number[], number[]];
  const stops: [number, string][] = [];
  let q = 0;
  let prev = prevStart;
  for (let k = 0; k < m; k++) {
    const r = rows[start + k]!;
    id[k] = r.id;
    a[k] = refs[q++]!;
    j[k] = refs[q++]!;
    u[k] = refs[q++]!;
    s[k] = (r.start_ms - prev) / MINUTE;
    prev = r.start_ms;
    d[k] = (r.end_ms - r.start_ms) / MINUTE;
    p[k] = (r.planned_ms - r.start_ms) / MINUTE;
    st[k] = STATUS_INDEX.get(r.status)!;
    v[k] = r.version;
    x[k] = r.detached ? 1 : 0;
    const laidStops = laid[k];
    if (laidStops) stops.push([k, JSON.stringify(laidStops.map((t) => [t.seq, refs[q++]!, (t.startsAt - r.start_ms) / MINUTE, (t.endsAt - t.startsAt) / MINUTE]))]);
  }
  const cols = values.map((col) => {
    const json = JSON.stringify(col);
    return Buffer.from(json.slice(1, -1));
  });
  return { rows: rows.slice(start, end), defs, checked: looks, laid, prevStart, refs, at, added, cols, stops };
}
