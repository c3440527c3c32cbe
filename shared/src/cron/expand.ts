import { parseCron } from './cron-parser';
import type { CompiledCron } from './cron-parser';
import { makeRun } from './run-format';
import { validateTimezone } from './timezone';
import type { CronMode, CronRun, DstMark } from './types';
import { MAX_WALL_MS, nextWall } from './wall-clock';
import { zoneClock } from './zone-clock';
import type { ZoneClock } from './zone-clock';

/** Hard ceiling on the number of runs any call returns. */
export const MAX_RUNS = 100_000;
export const DEFAULT_MAX_BETWEEN = 10_000;
/** Instants the engine covers: 1970-01-01T00:00:00Z up to the end of year 9999 (local). */
export const MIN_INSTANT_MS = 0;
export const MAX_INSTANT_MS = MAX_WALL_MS + 14 * 3_600_000;
const REACH_MS = 15 * 3_600_000;
// Walls that produce no run (before `from`, inside a gap, collapsed) are bounded by a few hours of
// every-second matches; this budget only guards against a logic error turning into a hang.
const WALL_BUDGET = 50_000;

interface Window {
  cron: CompiledCron;
  clock: ZoneClock;
  /** exclusive lower bound (epoch ms) */
  after: number;
  /** exclusive upper bound (epoch ms) */
  before: number;
  max: number;
}

/** Runs of `w.cron` in `(after, before)`, at most `max`, applying the DST policy of docs/rules.md. */
export function expandWindow(w: Window): CronRun[] {
  const runs: CronRun[] = [];
  const after = Math.max(w.after, MIN_INSTANT_MS - 1);
  const before = Math.min(w.before, MAX_INSTANT_MS);
  if (w.max <= 0 || after >= before) return runs;
  const startWall = after + w.clock.minOffsetNear(after);
  const wallLimit = Math.min(before + REACH_MS, MAX_WALL_MS);
  return w.cron.interval
    ? expandInterval(w, runs, after, before, startWall, wallLimit)
    : expandFixedHour(w, runs, after, before, startWall, wallLimit);
}

/** Fixed-hour: a gap moves runs to the end of the gap (collapsed), a fold keeps only the first pass. */
function expandFixedHour(w: Window, runs: CronRun[], after: number, before: number, startWall: number, wallLimit: number): CronRun[] {
  const { spec } = w.cron;
  const utc = w.clock.name === 'UTC';
  let wall = startWall;
  for (let budget = w.max + WALL_BUDGET; budget > 0; budget--) {
    const next = nextWall(spec, wall, wallLimit);
    if (next === null) break;
    wall = next;
    const r = w.clock.resolve(wall);
    let t: number;
    let offset: number;
    let mark: DstMark = null;
    if (r.kind === 'normal') {
      t = r.at;
      offset = wall - t;
    } else if (r.kind === 'fold') {
      t = r.first;
      offset = r.offsetBefore;
    } else {
      t = r.transition;
      offset = w.clock.offsetAt(t);
      mark = 'shifted';
    }
    if (t <= after) continue;
    if (t >= before) break;
    const last = runs[runs.length - 1];
    if (last && t <= last.epochMs) {
      // Collapsed onto the previous run; a run that exists anyway is not "shifted".
      if (mark === null) last.dst = null;
      continue;
    }
    // Only stop at the first run beyond `max`: runs still to collapse into the last one were seen by now.
    if (runs.length >= w.max) break;
    runs.push(makeRun(t, offset, utc, mark));
  }
  return runs;
}

/** Interval: nothing inside a gap; a fold is walked twice, the second pass marked `repeated`. */
function expandInterval(w: Window, runs: CronRun[], after: number, before: number, startWall: number, wallLimit: number): CronRun[] {
  const { spec } = w.cron;
  const utc = w.clock.name === 'UTC';
  // false once the window or `max` is exhausted
  const emit = (t: number, offset: number, mark: DstMark): boolean => {
    if (t <= after) return true;
    if (t >= before || runs.length >= w.max) return false;
    runs.push(makeRun(t, offset, utc, mark));
    return true;
  };
  let wall = startWall;
  let budget = w.max + WALL_BUDGET;
  while (budget-- > 0) {
    const next = nextWall(spec, wall, wallLimit);
    if (next === null) break;
    wall = next;
    const r = w.clock.resolve(wall);
    if (r.kind === 'gap') continue;
    if (r.kind === 'normal') {
      if (!emit(r.at, wall - r.at, null)) break;
      continue;
    }
    // Gather all walls of this fold (at most its length in seconds), then emit both passes in instant
    // order. Not capped by `max`: when `from` lies inside the first pass, its early walls emit nothing.
    const walls = [wall];
    while (budget-- > 0) {
      const more = nextWall(spec, wall, r.foldEndWall - 1000);
      if (more === null) break;
      walls.push(more);
      wall = more;
    }
    for (const fw of walls) if (!emit(fw - r.offsetBefore, r.offsetBefore, null)) return runs;
    for (const fw of walls) if (!emit(fw - r.offsetAfter, r.offsetAfter, 'repeated')) return runs;
  }
  return runs;
}

function toMs(x: Date | number): number {
  return x instanceof Date ? x.getTime() : typeof x === 'number' ? x : Number.NaN;
}

function clampCount(n: number, fallback: number): number {
  if (typeof n !== 'number' || Number.isNaN(n)) return fallback;
  return Math.min(Math.max(Math.trunc(n), 0), MAX_RUNS);
}

/** Invalid cron or zone → null (the expansion functions then return no runs). */
function prepare(cron: CompiledCron | string, tz: string, mode: CronMode | undefined): Pick<Window, 'cron' | 'clock'> | null {
  const compiled = typeof cron === 'string' ? parseCron(cron, mode ?? 'preview') : { ok: true as const, value: cron };
  if (!compiled.ok) return null;
  const zone = validateTimezone(tz);
  if (!zone.ok) return null;
  return { cron: compiled.value, clock: zoneClock(zone.value) };
}

/**
 * The next `count` runs strictly after `from` (count clamped to 0..100 000). A string cron is parsed in
 * `mode` (default `preview`). Invalid cron, zone or date → `[]`: validate first with `parseCron` /
 * `validateTimezone` to get the reason.
 */
export function nextRuns(cron: CompiledCron | string, tz: string, opts: { from: Date | number; count: number; mode?: CronMode }): CronRun[] {
  const prepared = prepare(cron, tz, opts.mode);
  const from = toMs(opts.from);
  if (!prepared || !Number.isFinite(from)) return [];
  return expandWindow({ ...prepared, after: from, before: Number.POSITIVE_INFINITY, max: clampCount(opts.count, 0) });
}

/** All runs in `[from, to)`, at most `max` (default 10 000, clamped to 100 000); same error rules as `nextRuns`. */
export function runsBetween(
  cron: CompiledCron | string,
  tz: string,
  from: Date | number,
  to: Date | number,
  opts: { max?: number; mode?: CronMode } = {},
): CronRun[] {
  const prepared = prepare(cron, tz, opts.mode);
  const start = toMs(from);
  const end = toMs(to);
  if (!prepared || !Number.isFinite(start) || !Number.isFinite(end)) return [];
  // Runs fall on whole seconds, so "at or after start" is "after start - 1 ms".
  return expandWindow({ ...prepared, after: start - 1, before: end, max: clampCount(opts.max ?? DEFAULT_MAX_BETWEEN, DEFAULT_MAX_BETWEEN) });
}
