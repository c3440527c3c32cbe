import { describe, expect, it } from 'vitest';
import { previewSchedule } from './preview';

const FROM = Date.parse('2026-12-01T00:00:00Z');

describe('previewSchedule', () => {
  it('answers the docs/api.md example', () => {
    const r = previewSchedule({ cron: '0 8 * * 1-5', timezone: 'Europe/Berlin', from: new Date(FROM), count: 2 });
    expect(r).toEqual({
      ok: true,
      timezone: 'Europe/Berlin',
      description: 'At 08:00, Monday through Friday',
      dates: [
        { at: '2026-12-01T08:00:00.000+01:00', local: '2026-12-01T08:00', dst: null, epochMs: Date.parse('2026-12-01T07:00:00Z') },
        { at: '2026-12-02T08:00:00.000+01:00', local: '2026-12-02T08:00', dst: null, epochMs: Date.parse('2026-12-02T07:00:00Z') },
      ],
    });
  });

  it('defaults: zone UTC, count 10, from now (exclusive)', () => {
    const before = Date.now();
    const r = previewSchedule({ cron: '*/5 * * * *' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.timezone).toBe('UTC');
    expect(r.dates).toHaveLength(10);
    expect(r.dates[0]?.epochMs).toBeGreaterThan(before);
  });

  it.each([
    [0, 1],
    [-5, 1],
    [1000, 100],
    [1.5, 1],
    [100.9, 100],
    [Number.POSITIVE_INFINITY, 100],
  ])('clamps count %s to %s', (count, expected) => {
    const r = previewSchedule({ cron: '*/5 * * * *', from: FROM, count });
    expect(r.ok && r.dates.length).toBe(expected);
  });

  it('accepts a seconds field and every-minute schedules, unless asked for job rules', () => {
    const r = previewSchedule({ cron: '*/30 * * * * *', from: FROM, count: 2 });
    expect(r.ok && r.dates.map((d) => d.local)).toEqual(['2026-12-01T00:00:30', '2026-12-01T00:01']);
    expect(previewSchedule({ cron: '* * * * *', from: FROM }).ok).toBe(true);
    const job = previewSchedule({ cron: '* * * * *', from: FROM, mode: 'job' });
    expect(!job.ok && job.error.message).toMatch(/^minute: every-minute schedules are not allowed for jobs/);
  });

  it.each([
    [{ cron: '61 * * * *' }, { code: 'invalid_cron', field: 'cron', message: 'minute: 61 is outside 0–59' }],
    [{ cron: '0 0 30 2 *' }, { code: 'invalid_cron', field: 'cron', message: 'day 30 of February never occurs — this schedule never runs' }],
    [{ cron: 'x'.repeat(10240) }, { code: 'invalid_cron', field: 'cron', message: 'cron is too long (10240 characters, at most 200)' }],
    [{ cron: '0 8 * * *', timezone: 'Mars/Base' }, { code: 'invalid_timezone', field: 'timezone', message: 'timezone "Mars/Base" is not a known IANA time zone, expected Area/Location such as Europe/Berlin' }],
    [{ cron: '0 8 * * *', count: 'ten' as unknown as number }, { code: 'validation_failed', field: 'count', message: 'count must be a number 1–100' }],
    [{ cron: '0 8 * * *', count: Number.NaN }, { code: 'validation_failed', field: 'count', message: 'count must be a number 1–100' }],
    [{ cron: '0 8 * * *', from: new Date('not a date') }, { code: 'validation_failed', field: 'from', message: 'from is not a valid date' }],
    [{ cron: '0 8 * * *', from: Date.parse('1969-12-31T00:00:00Z') }, { code: 'validation_failed', field: 'from', message: 'from must be between 1970-01-01 and 9999-12-31' }],
  ])('rejects %j', (input, error) => {
    expect(previewSchedule(input)).toEqual({ ok: false, error });
  });

  it('year 9999: the last runs, then nothing, without hanging', () => {
    const r = previewSchedule({ cron: '0 0 * * *', from: Date.parse('9999-12-29T12:00:00Z'), count: 100 });
    expect(r.ok && r.dates.map((d) => d.local)).toEqual(['9999-12-30T00:00', '9999-12-31T00:00']);
  });

  it('shows DST marks', () => {
    const r = previewSchedule({ cron: '30 2 * * *', timezone: 'Europe/Berlin', from: Date.parse('2027-03-27T12:00:00Z'), count: 1 });
    expect(r.ok && r.dates[0]).toMatchObject({ at: '2027-03-28T03:00:00.000+02:00', dst: 'shifted' });
  });
});
