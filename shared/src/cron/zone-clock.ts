import { IANAZone } from 'luxon';
import { DAY_MS } from './wall-clock';

/**
 * Offsets of one IANA zone, cached per UTC day so that converting a wall-clock time costs a few map
 * look-ups instead of an `Intl` call (what makes croner's `timezone` option slow).
 *
 * Assumptions (true for every zone of the tz database since 1970): at most one offset change per UTC day,
 * and offset changes at least 30 hours apart.
 */

const HOUR_MS = 3_600_000;
// Offsets lie within -12h..+14h: a wall-clock time W is reached by an instant in [W - 15h, W + 15h].
const REACH_MS = 15 * HOUR_MS;
const CACHE_LIMIT = 50_000;

export type Resolution =
  | { kind: 'normal'; at: number }
  | { kind: 'gap'; transition: number }
  | { kind: 'fold'; first: number; second: number; foldEndWall: number; offsetBefore: number; offsetAfter: number };

export class ZoneClock {
  private readonly zone: IANAZone | null;
  private readonly dayStart = new Map<number, number>();
  private readonly transition = new Map<number, number>();
  /** Instants in `[steadyFrom, steadyTo)` are at `steadyOffset` (empty at first). */
  private steadyFrom = 0;
  private steadyTo = 0;
  private steadyOffset = 0;

  constructor(readonly name: string) {
    this.zone = name === 'UTC' ? null : IANAZone.create(name);
  }

  /** luxon reports minutes (fractional for old local mean times); keep whole milliseconds. */
  private rawOffset(t: number): number {
    return this.zone ? Math.round(this.zone.offset(t) * 60_000) : 0;
  }

  private startOffset(day: number): number {
    let o = this.dayStart.get(day);
    if (o === undefined) {
      if (this.dayStart.size > CACHE_LIMIT) this.dayStart.clear();
      o = this.rawOffset(day * DAY_MS);
      this.dayStart.set(day, o);
    }
    return o;
  }

  /** First instant (whole second) of UTC day `day` carrying the next day's offset. */
  private transitionIn(day: number): number {
    let t = this.transition.get(day);
    if (t === undefined) {
      const before = this.startOffset(day);
      let lo = day * 86_400;
      let hi = lo + 86_400;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.rawOffset(mid * 1000) === before) lo = mid;
        else hi = mid;
      }
      t = hi * 1000;
      if (this.transition.size > CACHE_LIMIT) this.transition.clear();
      this.transition.set(day, t);
    }
    return t;
  }

  offsetAt(t: number): number {
    if (!this.zone) return 0;
    if (t >= this.steadyFrom && t < this.steadyTo) return this.steadyOffset;
    const day = Math.floor(t / DAY_MS);
    const a = this.startOffset(day);
    const b = this.startOffset(day + 1);
    if (a !== b) return t < this.transitionIn(day) ? a : b;
    this.noteSteadyDay(day, a);
    return a;
  }

  /**
   * Grows the span of whole UTC days known to share one offset, so that the several look-ups per
   * run of a forward walk are two comparisons instead of Map reads.
   */
  private noteSteadyDay(day: number, offset: number): void {
    const from = day * DAY_MS;
    const to = from + DAY_MS;
    if (offset === this.steadyOffset && from <= this.steadyTo && to >= this.steadyFrom) {
      this.steadyFrom = Math.min(this.steadyFrom, from);
      this.steadyTo = Math.max(this.steadyTo, to);
    } else {
      this.steadyFrom = from;
      this.steadyTo = to;
      this.steadyOffset = offset;
    }
  }

  /** The smallest offset in force within 15 hours of `t`. */
  minOffsetNear(t: number): number {
    return Math.min(this.offsetAt(t - REACH_MS), this.offsetAt(t), this.offsetAt(t + REACH_MS));
  }

  /** Which instants show wall-clock time `wall` in this zone. */
  resolve(wall: number): Resolution {
    if (!this.zone) return { kind: 'normal', at: wall };
    const early = wall - REACH_MS;
    const late = wall + REACH_MS;
    const before = this.offsetAt(early);
    const after = this.offsetAt(late);
    if (before === after) return { kind: 'normal', at: wall - before };
    const d0 = Math.floor(early / DAY_MS);
    const d1 = Math.floor(late / DAY_MS);
    let change = late;
    for (let d = d0; d <= d1; d++) {
      if (this.startOffset(d) !== this.startOffset(d + 1)) {
        change = this.transitionIn(d);
        break;
      }
    }
    const first = wall - before;
    const second = wall - after;
    const firstOk = first < change;
    const secondOk = second >= change;
    if (firstOk && secondOk) {
      return { kind: 'fold', first, second, foldEndWall: change + before, offsetBefore: before, offsetAfter: after };
    }
    if (firstOk) return { kind: 'normal', at: first };
    if (secondOk) return { kind: 'normal', at: second };
    return { kind: 'gap', transition: change };
  }
}

const clocks = new Map<string, ZoneClock>();

/** `name` must already be validated (see `validateTimezone`). */
export function zoneClock(name: string): ZoneClock {
  let clock = clocks.get(name);
  if (!clock) {
    clock = new ZoneClock(name);
    clocks.set(name, clock);
  }
  return clock;
}

/** Forget all cached offsets (benchmarks use it to measure a cold start). */
export function clearZoneCache(): void {
  clocks.clear();
}
