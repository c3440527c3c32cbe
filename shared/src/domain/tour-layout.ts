/**
 * Stop layout of a tour occurrence (docs/rules.md, "Occurrence"): pure, epoch milliseconds in, epoch
 * milliseconds out. The server stores occurrences from it and the client draws the stops with it,
 * so both must produce the same stops for the same job and start.
 */
import { MINUTE_MS } from './windows';

export interface StopDef {
  seq: number;
  assetId: string;
  /** Minutes between the end of the previous stop (or the occurrence start) and this stop. */
  gapMin: number;
  /** Minutes spent at the stop; the job's `planDurationMin` when absent. */
  durationMin?: number | null;
}

export interface InternalTourDef {
  kind: 'internal_tour';
  planDurationMin: number;
  checkpoints: readonly StopDef[];
}

export interface ExternalTourDef {
  kind: 'external_tour';
  planDurationMin: number;
  sites: readonly StopDef[];
  breakMin?: number;
  frequency?: number;
  randomize?: boolean;
}

export type TourDef = InternalTourDef | ExternalTourDef;

/** One visit of a stop within a walk of the route. */
export interface Visit {
  stop: StopDef;
  /** 1-based walk number (always 1 for internal tours). */
  pass: number;
  /** True for the first visit of the second walk: the break is taken before it. */
  afterBreak: boolean;
}

export interface LaidOutStop {
  /** 1-based position in the occurrence (a site walked twice appears twice, with two positions). */
  seq: number;
  /** `seq` of the checkpoint or site definition this visit comes from. */
  routeSeq: number;
  pass: number;
  assetId: string;
  startsAt: number;
  endsAt: number;
}

export interface TourLayout {
  startsAt: number;
  endsAt: number;
  durationMin: number;
  stops: LaidOutStop[];
}

/** Tours longer than this are rejected (the old app let a 183-checkpoint tour run 15 days). */
export const MAX_TOUR_DURATION_MIN = 24 * 60;

const bySeq = (a: StopDef, b: StopDef) => a.seq - b.seq;

/**
 * The order in which an external tour visits its sites, walking `route` `frequency` times with
 * alternating direction (forward, backward, forward).
 *
 * Decision: the turnaround site is NOT visited twice. A walker standing at the last site of one
 * walk starts the next walk from the neighbouring site (A B C | B A | B C), as a real route walker
 * would — re-checking the site you are standing at adds nothing. Exception: a one-site route visits
 * its site once per walk, since dropping it would leave an empty walk and `frequency` would mean
 * nothing.
 */
export function walkRoute(route: readonly StopDef[], frequency = 1): Visit[] {
  const visits: Visit[] = [];
  const forward = [...route];
  const backward = [...route].reverse();
  for (let pass = 1; pass <= frequency; pass++) {
    const walk = pass % 2 === 1 ? forward : backward;
    const stops = pass > 1 && walk.length > 1 ? walk.slice(1) : walk;
    stops.forEach((stop, i) => visits.push({ stop, pass, afterBreak: pass === 2 && i === 0 }));
  }
  return visits;
}

/** The visits of a tour for an occurrence starting at `startMs` (the start seeds randomization). */
export function tourVisits(def: TourDef, startMs: number): Visit[] {
  if (def.kind === 'internal_tour') {
    return [...def.checkpoints].sort(bySeq).map((stop) => ({ stop, pass: 1, afterBreak: false }));
  }
  const ordered = [...def.sites].sort(bySeq);
  const route = def.randomize ? shuffle(ordered, seededRandom(seedFromEpochMs(startMs))) : ordered;
  return walkRoute(route, def.frequency ?? 1);
}

/**
 * Lays out visits from `startMs`: `start = prevEnd + gapMin` (+ `breakMin` before the first visit
 * of the second walk), `end = start + (durationMin ?? planDurationMin)`.
 *
 * A stop's `gapMin` belongs to the stop (the time to reach and get ready at it) and applies on every
 * visit, whatever the direction or shuffled order: with randomized routes there is no fixed
 * "previous site" an edge-based gap could refer to.
 */
export function layoutVisits(visits: readonly Visit[], startMs: number, planDurationMin: number, breakMin = 0): TourLayout {
  let prevEnd = startMs;
  const stops = visits.map((v, i): LaidOutStop => {
    const start = prevEnd + ((v.afterBreak ? breakMin : 0) + v.stop.gapMin) * MINUTE_MS;
    const end = start + (v.stop.durationMin ?? planDurationMin) * MINUTE_MS;
    prevEnd = end;
    return { seq: i + 1, routeSeq: v.stop.seq, pass: v.pass, assetId: v.stop.assetId, startsAt: start, endsAt: end };
  });
  return { startsAt: startMs, endsAt: prevEnd, durationMin: (prevEnd - startMs) / MINUTE_MS, stops };
}

/** The stops of one occurrence of `def` starting at `startMs`; the occurrence ends at `endsAt`. */
export function layoutTour(def: TourDef, startMs: number): TourLayout {
  const breakMin = def.kind === 'external_tour' ? (def.breakMin ?? 0) : 0;
  return layoutVisits(tourVisits(def, startMs), startMs, def.planDurationMin, breakMin);
}

/**
 * The shortest and longest an occurrence of `def` can last. Only a randomized external tour varies
 * (which sites are turnarounds, and so visited once less, depends on the order): the longest order
 * puts the cheapest sites at the turnarounds, the shortest the dearest.
 */
export function tourDurationRangeMin(def: TourDef): { min: number; max: number } {
  if (def.kind === 'internal_tour' || !def.randomize) {
    const fixed = layoutTour(def, 0).durationMin;
    return { min: fixed, max: fixed };
  }
  const frequency = def.frequency ?? 1;
  const costs = def.sites.map((s) => s.gapMin + (s.durationMin ?? def.planDurationMin)).sort((a, b) => a - b);
  const sum = costs.reduce((a, b) => a + b, 0);
  const full = frequency * sum + (frequency > 1 ? (def.breakMin ?? 0) : 0);
  // Walk 2 skips the last site of the order, walk 3 also the first one.
  const turnarounds = costs.length > 1 ? Math.min(frequency - 1, 2) : 0;
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    min: full - total(costs.slice(costs.length - turnarounds)),
    max: full - total(costs.slice(0, turnarounds)),
  };
}

export function maxTourDurationMin(def: TourDef): number {
  return tourDurationRangeMin(def).max;
}

/** "25 h 10 min", "3 h", "45 min". */
export function formatDurationMin(totalMin: number): string {
  const h = Math.floor(totalMin / 60);
  const m = Math.round(totalMin - h * 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export type TourLengthCheck = { ok: true; durationMin: number } | { ok: false; durationMin: number; message: string };

/** Rejects tours that can last longer than 24 h, with a message a planner understands. */
export function checkTourLength(def: TourDef): TourLengthCheck {
  const { min, max } = tourDurationRangeMin(def);
  if (max <= MAX_TOUR_DURATION_MIN) return { ok: true, durationMin: max };
  return {
    ok: false,
    durationMin: max,
    message: `tour lasts ${min !== max ? 'up to ' : ''}${formatDurationMin(max)}; tours longer than 24 h are not allowed`,
  };
}

/** The wire form of laid-out stops (`stops` of an occurrence in docs/api.md). */
export function stopsToDto(stops: readonly LaidOutStop[]): { seq: number; assetId: string; startsAt: string; endsAt: string }[] {
  return stops.map((s) => ({
    seq: s.seq,
    assetId: s.assetId,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
  }));
}

/**
 * A 32-bit seed from an occurrence start. Both halves of the epoch are mixed (murmur3 finalizer), so
 * starts a minute or a day apart get unrelated seeds. Changing this (or `seededRandom`) changes the
 * site order of existing randomized occurrences: keep it stable.
 */
export function seedFromEpochMs(ms: number): number {
  const lo = Number(BigInt.asUintN(32, BigInt(Math.trunc(ms))));
  const hi = Number(BigInt.asUintN(32, BigInt(Math.trunc(ms)) >> 32n));
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ hi, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** mulberry32: small, fast, deterministic PRNG giving numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle into a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
