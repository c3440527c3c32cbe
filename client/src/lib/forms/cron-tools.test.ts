import { describe, expect, it } from 'vitest';
import { describeCron, parseCron } from '@schedhuler/shared';
import { buildCron, compactList, DEFAULT_BUILDER, rewriteCronTime } from './cron-tools';
import { fromLocalInput, toLocalInput } from './local-time';

describe('cron builder', () => {
  it('writes weekday schedules with compact day lists', () => {
    expect(buildCron({ ...DEFAULT_BUILDER })).toEqual({ ok: true, cron: '0 8 * * 1-5' });
    expect(buildCron({ ...DEFAULT_BUILDER, days: [0, 6], time: '21:45' })).toEqual({ ok: true, cron: '45 21 * * 0,6' });
    expect(buildCron({ ...DEFAULT_BUILDER, days: [], time: '7:05' })).toEqual({ ok: true, cron: '5 7 * * *' });
    expect(compactList([5, 1, 2, 3, 3])).toBe('1-3,5');
  });

  it('writes interval and monthly schedules', () => {
    expect(buildCron({ ...DEFAULT_BUILDER, mode: 'interval', everyHours: 2, fromHour: 6, toHour: 22, minute: 15 })).toEqual({ ok: true, cron: '15 6-22/2 * * 1-5' });
    expect(buildCron({ ...DEFAULT_BUILDER, mode: 'interval', days: [], everyHours: 4, fromHour: 0, toHour: 23 })).toEqual({ ok: true, cron: '0 */4 * * *' });
    expect(buildCron({ ...DEFAULT_BUILDER, mode: 'monthly', dayOfMonth: 'L', time: '18:00' })).toEqual({ ok: true, cron: '0 18 L * *' });
  });

  it('every expression it writes is a valid job cron the engine can describe', () => {
    for (const s of [
      DEFAULT_BUILDER,
      { ...DEFAULT_BUILDER, mode: 'interval' as const, everyHours: 3, fromHour: 1, toHour: 20, minute: 30 },
      { ...DEFAULT_BUILDER, mode: 'monthly' as const, dayOfMonth: 15, time: '06:00' },
    ]) {
      const r = buildCron(s);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(parseCron(r.cron, 'job').ok).toBe(true);
        expect(describeCron(r.cron).length).toBeGreaterThan(5);
      }
    }
  });

  it('explains bad builder input instead of writing garbage', () => {
    expect(buildCron({ ...DEFAULT_BUILDER, time: '25:00' })).toMatchObject({ ok: false, field: 'time' });
    expect(buildCron({ ...DEFAULT_BUILDER, mode: 'interval', everyHours: 0 })).toMatchObject({ ok: false, field: 'everyHours' });
    expect(buildCron({ ...DEFAULT_BUILDER, mode: 'interval', fromHour: 20, toHour: 6 })).toMatchObject({ ok: false, field: 'toHour' });
    expect(buildCron({ ...DEFAULT_BUILDER, mode: 'monthly', dayOfMonth: 40 })).toMatchObject({ ok: false, field: 'dayOfMonth' });
    expect(buildCron({ ...DEFAULT_BUILDER, mode: 'interval', everyHours: Number.NaN })).toMatchObject({ ok: false });
  });

  it('rewrites the time of fixed-time schedules only', () => {
    expect(rewriteCronTime('30 8 * * 1-5', 10, 15)).toBe('15 10 * * 1-5');
    expect(rewriteCronTime('0 */2 * * *', 10, 15)).toBeNull();
    expect(rewriteCronTime('@daily', 10, 15)).toBeNull();
  });
});

describe('datetime-local in the board zone', () => {
  it('round-trips and rejects garbage', () => {
    const t = Date.parse('2026-12-01T07:30:00Z');
    expect(toLocalInput(t, 'Europe/Berlin')).toBe('2026-12-01T08:30');
    expect(fromLocalInput('2026-12-01T08:30', 'Europe/Berlin')).toBe(t);
    expect(fromLocalInput('', 'Europe/Berlin')).toBeNull();
    expect(fromLocalInput('2026-13-01T08:30', 'Europe/Berlin')).toBeNull();
    expect(fromLocalInput('yesterday', 'Europe/Berlin')).toBeNull();
  });
});
