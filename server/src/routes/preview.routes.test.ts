import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulingFixture, type SchedulingFixture } from '../scheduling/test-fixture';

let f: SchedulingFixture;

beforeAll(async () => {
  f = await schedulingFixture('preview');
});
afterAll(() => f?.t.stop());

const preview = (body: unknown) => f.planner.post('/api/schedules/preview', body);

describe('POST /api/schedules/preview', () => {
  it('answers the next runs with description and DST marks', async () => {
    const res = await preview({ cron: '0 8 * * 1-5', timezone: 'Europe/Berlin', count: 3, from: '2026-12-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      timezone: 'Europe/Berlin',
      description: expect.stringMatching(/08:00.*Monday through Friday/),
      dates: [
        { at: '2026-12-01T08:00:00.000+01:00', local: '2026-12-01T08:00', dst: null },
        { at: '2026-12-02T08:00:00.000+01:00', local: '2026-12-02T08:00', dst: null },
        { at: '2026-12-03T08:00:00.000+01:00', local: '2026-12-03T08:00', dst: null },
      ],
    });
    const gap = await preview({ cron: '30 2 * * *', timezone: 'Europe/Berlin', count: 2, from: '2027-03-27T12:00:00Z' });
    expect(gap.body.dates[0]).toEqual({ at: '2027-03-28T03:00:00.000+02:00', local: '2027-03-28T03:00', dst: 'shifted' });
  });

  it('defaults: the board zone when a board is named, else UTC; from = now; count clamped', async () => {
    f.s.clock.set('2027-01-10T12:00:00Z');
    const board = await preview({ cron: '0 9 * * *', boardId: f.boardId, count: 1 });
    expect(board.body).toMatchObject({ timezone: 'Europe/Berlin', dates: [{ at: '2027-01-11T09:00:00.000+01:00' }] });
    const utc = await preview({ cron: '0 9 * * *', count: 1000 });
    expect(utc.body.timezone).toBe('UTC');
    expect(utc.body.dates).toHaveLength(100);
    expect(utc.body.dates[0].at).toBe('2027-01-11T09:00:00.000Z');
    expect((await preview({ cron: '0 9 * * *', count: 0 })).body.dates).toHaveLength(1);
  });

  it('marks the runs that would conflict for an asset and a duration', async () => {
    f.s.clock.set('2027-02-01T00:00:00Z');
    const guard = await f.asset();
    const holder = await f.planner.post(`/api/boards/${f.boardId}/tasks`, { name: 'Holder', assetId: guard, timezone: 'UTC', startsAt: '2027-02-03T08:30:00Z', planDurationMin: 60 });
    const res = await preview({ cron: '0 8 * * *', timezone: 'UTC', count: 4, from: '2027-02-01T00:00:00Z', boardId: f.boardId, assetId: guard, durationMin: 45 });
    expect(res.status).toBe(200);
    expect(res.body.dates.map((d: any) => d.conflicts.length)).toEqual([0, 0, 1, 0]);
    expect(res.body.dates[2].conflicts[0]).toEqual({
      occurrenceId: holder.body.occurrences[0].id,
      jobId: holder.body.job.id,
      jobName: 'Holder',
      startsAt: '2027-02-03T08:30:00.000Z',
      endsAt: '2027-02-03T09:30:00.000Z',
    });
    // 30 minutes ends as the holder starts: touching is not a conflict.
    const touching = await preview({ cron: '0 8 * * *', timezone: 'UTC', count: 4, from: '2027-02-01T00:00:00Z', assetId: guard, durationMin: 30 });
    expect(touching.body.dates.map((d: any) => d.conflicts.length)).toEqual([0, 0, 0, 0]);
  });

  it('conflict marks for the last runs of year 9999 (local), whose windows end after 9999 in UTC: no conflicts, not a 500', async () => {
    // Found by the fuzz (seed 20261129): the window ends were sent to PostgreSQL as "+010000-…", which it cannot read.
    const guard = await f.asset();
    const res = await preview({ cron: '0 23 * * *', timezone: 'America/New_York', count: 3, from: '9999-12-30T00:00:00Z', assetId: guard, durationMin: 1439 });
    expect(res.status).toBe(200);
    expect(res.body.dates.map((d: any) => [d.local, d.conflicts])).toEqual([
      ['9999-12-29T23:00', []],
      ['9999-12-30T23:00', []],
      ['9999-12-31T23:00', []],
    ]);
  });

  it('invalid input is a 400 {ok: false, error} that says what is wrong, never a 500', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ cron: '61 * * * *' }, 'invalid_cron', /minute/],
      [{ cron: '0 0 30 2 *' }, 'invalid_cron', /never/],
      [{ cron: '' }, 'validation_failed', /cron/],
      [{ cron: '0 8 * * *', timezone: 'Mars/Base' }, 'invalid_timezone', /timezone/],
      [{ cron: '0 8 * * *', count: 'ten' }, 'validation_failed', /count/],
      [{ cron: '0 8 * * *', from: 'yesterday' }, 'validation_failed', /from/],
      [{ cron: 'x'.repeat(10_000) }, 'validation_failed', /cron/],
    ];
    for (const [body, code, message] of cases) {
      const res = await preview(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.ok).toBe(false);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('needs a signed-in user; a board or asset needs membership', async () => {
    const anonymous = await f.t.client();
    const res = await anonymous.post('/api/schedules/preview', { cron: '0 8 * * *' });
    expect(res.status).toBe(401);
    expect(res.body.ok).toBe(false);
    const admin = await f.t.client('admin');
    const other = (await admin.post('/api/boards', { name: 'Private', timezone: 'UTC' })).body.board.id;
    const foreign = (await admin.post(`/api/boards/${other}/assets`, { code: 'P-1', name: 'Private guard', kind: 'person' })).body.asset.id;
    expect((await preview({ cron: '0 8 * * *', boardId: other })).status).toBe(404);
    expect((await preview({ cron: '0 8 * * *', assetId: foreign, durationMin: 30 })).status).toBe(404);
    expect((await preview({ cron: '0 8 * * *', boardId: f.boardId, assetId: foreign, durationMin: 30 })).status).toBe(404);
    const viewer = await f.t.client('viewer');
    expect((await viewer.post('/api/schedules/preview', { cron: '0 8 * * *', boardId: f.boardId })).status).toBe(200);
  });
});
