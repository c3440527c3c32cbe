import { describe, expect, it } from 'vitest';
import { describeCron, parseCron } from '@schedhuler/shared';
import { buildCron, compactList, DEFAULT_BUILDER, readCron, rewriteCronTime } from './cron-tools';
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

describe('reading a cron back into the builder', () => {
  it('reads a typed expression instead of keeping its own defaults: 45 6 * * 6 is Saturday 06:45', () => {
    expect(readCron('45 6 * * 6')).toMatchObject({ mode: 'weekly', days: [6], time: '06:45' });
    expect(readCron(' 0  22 * * * ')).toMatchObject({ mode: 'weekly', days: [], time: '22:00' });
    expect(readCron('0 8 * * 7')).toMatchObject({ days: [0] });
    expect(readCron('0 8 * * 0-6')).toMatchObject({ days: [] });
    expect(readCron('15 6-22/2 * * 1-5')).toMatchObject({ mode: 'interval', everyHours: 2, fromHour: 6, toHour: 22, minute: 15, days: [1, 2, 3, 4, 5] });
    expect(readCron('0 */4 * * *')).toMatchObject({ mode: 'interval', everyHours: 4, fromHour: 0, toHour: 23 });
    expect(readCron('0 18 L * *')).toMatchObject({ mode: 'monthly', dayOfMonth: 'L', time: '18:00' });
    expect(readCron('30 7 15 * *')).toMatchObject({ mode: 'monthly', dayOfMonth: 15, time: '07:30' });
  });

  it('round-trips every shape it writes: cron → builder → the same cron', () => {
    for (const cron of ['45 6 * * 6', '0 8 * * 1-5', '45 21 * * 0,6', '5 7 * * *', '15 6-22/2 * * 1-5', '0 */4 * * *', '0 18 L * *', '30 7 15 * *', '0 9 * * 1,3,5']) {
      const state = readCron(cron);
      expect(state, cron).not.toBeNull();
      expect(buildCron(state!), cron).toEqual({ ok: true, cron });
    }
  });

  it('round-trips builder states: builder → cron → the same builder', () => {
    const states = [
      { ...DEFAULT_BUILDER, days: [0, 6], time: '21:45', minute: 45 },
      { ...DEFAULT_BUILDER, mode: 'interval' as const, everyHours: 3, fromHour: 5, toHour: 20, minute: 10 },
    ];
    for (const s of states) {
      const built = buildCron(s);
      expect(built.ok && readCron(built.cron)).toEqual(s);
    }
  });

  it('calls what it cannot show custom (null), so the field is left alone', () => {
    for (const cron of ['', '0 8 * *', '*/15 * * * *', '0 8,17 * * *', '0 8 * 1 *', '0 8 1 * 1', '0 8 * * MON-FRI', '0 8 * * 1#2', '0 8 L W *', '61 8 * * *', '0 24 * * *', '0 8-6/2 * * *']) {
      expect(readCron(cron), cron).toBeNull();
    }
  });
});
