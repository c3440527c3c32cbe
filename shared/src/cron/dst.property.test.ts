import { Cron } from 'croner';
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { frequentCron, jobCron, TRANSITIONS, ZONES } from './cron-arbitraries.test-support';
import { parseCron } from './cron-parser';
import { nextRuns, runsBetween } from './expand';
import type { CronRun, DstMark } from './types';
import { clearZoneCache } from './zone-clock';

const HOUR = 3_600_000;
const offsetMs = (zone: string, t: number) => (zone === 'UTC' ? 0 : IANAZone.create(zone).offset(t) * 60_000);

/** Wall clock of an instant as local-as-UTC ms, from Intl directly (independent of the engine). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function wallOf(zone: string, t: number): number {
  let dtf = formatters.get(zone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, dtf);
  }
  const p = Object.fromEntries(dtf.formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year as number, (p.month as number) - 1, p.day, p.hour, p.minute, p.second);
}

const instantNear = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2031, 0, 1) }),
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -30 * 60, max: 30 * 60 })).map(([[, at], minutes]) => Date.parse(at) + minutes * 60_000),
);

describe('DST invariants for random schedules, zones and start instants', () => {
  it('runs are strictly increasing, after `from`, exactly `count`, luxon-formatted, and match the pattern or carry a DST mark', () => {
    fc.assert(
      fc.property(jobCron, fc.constantFrom(...ZONES), instantNear, fc.integer({ min: 1, max: 40 }), (expr, zone, from, count) => {
        const parsed = parseCron(expr, 'job');
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        const cron = parsed.value;
        const runs = nextRuns(cron, zone, { from, count });
        expect(runs).toHaveLength(count);
        const matcher = new Cron(cron.normalized, { utcOffset: 0, mode: '5-part' });
        let prev = from;
        for (const run of runs) {
          expect(run.epochMs).toBeGreaterThan(prev);
          prev = run.epochMs;
          const dt = DateTime.fromMillis(run.epochMs, { zone });
          expect(run.at).toBe(dt.toISO());
          expect(run.local).toBe(dt.toFormat(dt.second ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm"));
          const wall = run.epochMs + offsetMs(zone, run.epochMs);
          if (run.dst === 'shifted') {
            // the first instant after a gap, only for fixed-hour schedules
            expect(cron.interval).toBe(false);
            expect(offsetMs(zone, run.epochMs - 1000)).toBeLessThan(offsetMs(zone, run.epochMs));
          } else {
            expect(matcher.match(new Date(wall))).toBe(true);
          }
          if (run.dst === 'repeated') {
            // the same wall clock was shown earlier, one fold before
            expect(cron.interval).toBe(true);
            const earlier = run.epochMs - (offsetMs(zone, run.epochMs - 6 * HOUR) - offsetMs(zone, run.epochMs));
            expect(earlier).toBeLessThan(run.epochMs);
            expect(wallOf(zone, earlier)).toBe(wall);
          }
        }
        // deterministic, prefix-stable, and the same as runsBetween over the covered range
        expect(nextRuns(cron, zone, { from, count })).toEqual(runs);
        expect(nextRuns(cron, zone, { from, count: Math.ceil(count / 2) })).toEqual(runs.slice(0, Math.ceil(count / 2)));
        const last = runs.at(-1)?.epochMs ?? from;
        expect(runsBetween(cron, zone, from + 1, last + 1, { max: count + 5 })).toEqual(runs);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Brute force over every minute of a window around a transition: which instants show a matching wall
 * clock, applied with the docs/rules.md policy written the plain way.
 */
function bruteForce(expr: string, zone: string, from: number, to: number): [number, DstMark][] {
  const parsed = parseCron(expr, 'job');
  if (!parsed.ok) throw new Error(parsed.error.message);
  const matcher = new Cron(parsed.value.normalized, { utcOffset: 0, mode: '5-part' });
  const instants: [number, number][] = [];
  for (let t = from - 3 * HOUR; t < to + 3 * HOUR; t += 60_000) instants.push([t, wallOf(zone, t)]);
  const out: [number, DstMark][] = [];
  if (parsed.value.interval) {
    const seen = new Set<number>();
    for (const [t, w] of instants) {
      if (t >= from && t < to && matcher.match(new Date(w))) out.push([t, seen.has(w) ? 'repeated' : null]);
      seen.add(w);
    }
    return out;
  }
  const firstAt = new Map<number, number>();
  for (const [t, w] of instants) if (!firstAt.has(w)) firstAt.set(w, t);
  const walls = instants.map(([, w]) => w);
  for (let w = Math.min(...walls); w <= Math.max(...walls); w += 60_000) {
    if (!matcher.match(new Date(w))) continue;
    const at = firstAt.get(w);
    const [t, mark]: [number, DstMark] = at !== undefined ? [at, null] : [(instants.find(([, x]) => x > w) as [number, number])[0], 'shifted'];
    if (t < from || t >= to) continue;
    const last = out.at(-1);
    if (last && last[0] === t) {
      if (mark === null) last[1] = null;
    } else out.push([t, mark]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

describe('DST policy against a brute-force oracle', () => {
  it('runsBetween and nextRuns around transitions equal the minute-by-minute expectation', () => {
    fc.assert(
      fc.property(
        frequentCron,
        fc.constantFrom(...TRANSITIONS),
        fc.integer({ min: -10 * 60, max: 2 * 60 }),
        fc.integer({ min: -90, max: 90 }),
        fc.integer({ min: 1, max: 6 }),
        (expr, [zone, at], startMinutes, probeMinutes, count) => {
          // the transition lies between 2 hours before `from` and 10 hours after it
          const transition = Date.parse(at);
          const from = transition + startMinutes * 60_000;
          const to = from + 14 * HOUR;
          const expected = bruteForce(expr, zone, from, to);
          const pairs = (runs: CronRun[]) => runs.map((r): [number, DstMark] => [r.epochMs, r.dst]);
          expect(pairs(runsBetween(expr, zone, from, to, { mode: 'job' }))).toEqual(expected);
          // a few runs after an instant close to the transition (inside a fold, a gap, or just before)
          const probe = Math.max(from, transition + probeMinutes * 60_000);
          const after = expected.filter(([t]) => t > probe).slice(0, count);
          expect(pairs(nextRuns(expr, zone, { from: probe, count, mode: 'job' })).slice(0, after.length)).toEqual(after);
        },
      ),
      { numRuns: 60 },
    );
  }, 20_000);
});

describe('caches never change an answer', () => {
  it('runs after other walks (other zones, other years, backwards) equal the runs of a cold start', () => {
    const walk = fc.tuple(jobCron, fc.constantFrom(...ZONES), instantNear);
    fc.assert(
      fc.property(walk, fc.array(walk, { minLength: 1, maxLength: 4 }), ([expr, zone, from], others) => {
        fc.pre(parseCron(expr, 'job').ok);
        clearZoneCache();
        const cold = nextRuns(expr, zone, { from, count: 30, mode: 'job' });
        for (const [e, z, f] of others) nextRuns(e, z, { from: f, count: 30, mode: 'preview' });
        expect(nextRuns(expr, zone, { from, count: 30, mode: 'job' })).toEqual(cold);
      }),
      { numRuns: 150 },
    );
  });
});
