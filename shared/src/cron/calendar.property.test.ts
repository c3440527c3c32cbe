import { Cron } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { previewCron } from './cron-arbitraries.test-support';
import { parseCron } from './cron-parser';
import { civilFromDays, daysFromCivil, MAX_WALL_MS, nextWall, weekday } from './wall-clock';

// Wall-clock instants between 1990 and 2060, in ms (local-as-UTC).
const wallFrom = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) });

describe('wall-clock calendar maths', () => {
  it('daysFromCivil / civilFromDays / weekday agree with Date for years 1970..9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Math.floor(MAX_WALL_MS / 86_400_000) }), (days) => {
        const date = new Date(days * 86_400_000);
        const ymd = [0, 0, 0];
        civilFromDays(days, ymd);
        expect(ymd).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
        expect(daysFromCivil(ymd[0] as number, ymd[1] as number, ymd[2] as number)).toBe(days);
        expect(weekday(days)).toBe(date.getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('matching agrees with croner (the reference) in wall-clock space', () => {
  /*
   * croner's own search (nextRuns) skips runs in one case: `0 0 1,31 * *` after 2026-02-16 gives 03-31,
   * missing 03-01 (it rolls the missing 02-31 over into March). So croner is used three ways here:
   * `match()` must accept every wall we return (sound); every run croner's search finds must be among ours;
   * and every day that `match()` accepts must hold one of our runs (complete, checked over two years).
   */
  it('the next 12 matching wall-clock times are sound and complete according to croner', () => {
    fc.assert(
      fc.property(previewCron, wallFrom, (expr, from) => {
        const parsed = parseCron(expr, 'preview');
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        const { normalized, hasSeconds, spec } = parsed.value;
        const croner = new Cron(normalized, { utcOffset: 0, mode: hasSeconds ? '6-part' : '5-part' });
        const ours: number[] = [];
        for (let w: number | null = from; ours.length < 12; ) {
          w = nextWall(spec, w);
          if (w === null) break;
          ours.push(w);
        }
        expect(ours).toHaveLength(12);
        const last = ours[11] as number;
        for (const w of ours) expect(croner.match(new Date(w))).toBe(true);
        const found = croner.nextRuns(12, new Date(from)).map((d) => d.getTime()).filter((t) => t <= last);
        expect(found.filter((t) => !ours.includes(t)).map((t) => new Date(t).toISOString())).toEqual([]);
        // the earliest selected time of day makes match() a per-day test
        const firstTime = (spec.nextHour[0] as number) * 3_600_000 + (spec.nextMinute[0] as number) * 60_000 + (spec.nextSecond[0] as number) * 1000;
        const ourDays = new Set(ours.map((w) => Math.floor(w / 86_400_000)));
        const lastDay = Math.min(Math.floor(last / 86_400_000), Math.floor(from / 86_400_000) + 731);
        for (let day = Math.floor(from / 86_400_000) + 1; day < lastDay; day++) {
          if (croner.match(new Date(day * 86_400_000 + firstTime))) expect([new Date(day * 86_400_000).toISOString(), ourDays.has(day)]).toEqual([new Date(day * 86_400_000).toISOString(), true]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('croner 11.0.0 skips the 1st after a month too short for a listed day (why nextRuns is not the oracle)', () => {
    const from = Date.UTC(2026, 1, 16, 12);
    const parsed = parseCron('0 0 1,31 * *', 'job');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(new Date(nextWall(parsed.value.spec, from) as number).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    const croner = new Cron('0 0 1,31 * *', { utcOffset: 0 });
    expect(croner.nextRun(new Date(from))?.toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(croner.match(new Date(Date.UTC(2026, 2, 1)))).toBe(true);
  });

  it('the original expression means the same as its normalized form', () => {
    fc.assert(
      fc.property(previewCron, wallFrom, (expr, from) => {
        const parsed = parseCron(expr, 'preview');
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        const again = parseCron(parsed.value.normalized, 'preview');
        expect(again.ok && again.value.normalized).toBe(parsed.value.normalized);
        if (!again.ok) return;
        expect(nextWall(again.value.spec, from)).toBe(nextWall(parsed.value.spec, from));
      }),
      { numRuns: 200 },
    );
  });
});
