import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS, ZONES } from '../cron/cron-arbitraries.test-support';
import type { WorkingHours } from '../schemas/working-hours';
import { minutesOfClock } from '../schemas/working-hours';
import { workingSpans, zonedEdges, type Span } from './working-hours';

/** The Luxon implementation this module had (the client no longer ships Luxon): the reference. */
function luxonAt(day: DateTime, minutes: number): number {
  if (minutes >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}
function luxonSpans(range: Span, hours: WorkingHours, zone: string): Span[] {
  const days = new Set(hours.days);
  const out: Span[] = [];
  let day = DateTime.fromMillis(range.start, { zone }).startOf('day');
  for (let i = 0; i < 1200 && day.toMillis() < range.end; i++, day = day.plus({ days: 1 }).startOf('day')) {
    if (!days.has(day.weekday)) continue;
    const start = Math.max(range.start, luxonAt(day, minutesOfClock(hours.start)));
    const end = Math.min(range.end, luxonAt(day, minutesOfClock(hours.end)));
    if (end > start) out.push({ start, end });
  }
  return out;
}
function luxonEdges(range: Span, unit: 'hour' | 'day', zone: string): number[] {
  const edges = [range.start];
  let t = DateTime.fromMillis(range.start, { zone }).startOf(unit);
  for (let i = 0; i < 1200 * 25; i++) {
    t = unit === 'day' ? t.plus({ days: 1 }).startOf('day') : t.plus({ hours: 1 });
    if (t.toMillis() >= range.end) break;
    if (t.toMillis() > range.start) edges.push(t.toMillis());
  }
  edges.push(range.end);
  return edges;
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const hours = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }), fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 96 }))
  .filter(([, a, b]) => b > a)
  .map(([days, a, b]) => ({ days, start: clock(a * 15), end: clock(b * 15) }));
/** Ranges around the zones' offset changes (where the arithmetic differs from plain UTC) and anywhere. */
const range = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2031, 0, 1) }),
      fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([[, at], m]) => Date.parse(at) + m * 60_000),
    ),
    fc.integer({ min: 1, max: 9 * 24 * 60 }),
  )
  .map(([start, minutes]) => ({ start, end: start + minutes * 60_000 }));

describe('working hours without Luxon', () => {
  it('workingSpans and zonedEdges give what Luxon gave, DST changes and odd offsets included', () => {
    fc.assert(
      fc.property(range, hours, fc.constantFrom(...ZONES), (r, h, zone) => {
        expect(workingSpans(r, h, zone)).toEqual(luxonSpans(r, h, zone));
        expect(zonedEdges(r, 'hour', zone)).toEqual(luxonEdges(r, 'hour', zone));
        expect(zonedEdges(r, 'day', zone)).toEqual(luxonEdges(r, 'day', zone));
      }),
      { numRuns: 400 },
    );
  });
});
