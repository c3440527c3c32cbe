import { describe, expect, it } from 'vitest';
import type { PreviewOk } from '@schedhuler/shared';
import { previewSchedule } from '@schedhuler/shared/cron/index';
import { previewJson } from './preview-json';

const CRONS = ['0 8 * * 1-5', '*/15 * * * *', '30 2 * * *', '0 0 L * *', '0 9 15W * *', '0 10 * * 5#2', '0 0 29 2 *', '* * * * * *', '0 8 1,15 * 1', '59 23 31 12 *', '@hourly', '0 */2 * * *'];
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Tokyo', 'UTC'];
const FROMS = ['2026-03-07T00:00:00Z', '2026-10-24T12:00:00Z', '2026-11-01T04:00:00Z', '2027-12-31T23:59:59Z'];

function body(cron: string, timezone: string, from: string): PreviewOk {
  const r = previewSchedule({ cron, timezone, count: 100, from: Date.parse(from) });
  if (!r.ok) throw new Error(`${cron}: ${r.error.message}`);
  return { ok: true, timezone: r.timezone, description: r.description, dates: r.dates.map((d) => ({ at: d.at, local: d.local, dst: d.dst })) };
}

describe('previewJson', () => {
  it('writes exactly what JSON.stringify writes, DST marks included', () => {
    let marked = 0;
    for (const cron of CRONS) {
      for (const zone of ZONES) {
        for (const from of FROMS) {
          const b = body(cron, zone, from);
          marked += b.dates.filter((d) => d.dst !== null).length;
          expect(previewJson(b)).toBe(JSON.stringify(b));
        }
      }
    }
    expect(marked).toBeGreaterThan(0);
  });

  it('escapes descriptions and conflict marks, including quotes and unicode', () => {
    const b: PreviewOk = {
      ok: true,
      timezone: 'Europe/Berlin',
      description: 'At "08:00" \\ \n ünïcödé',
      dates: [
        { at: '2026-12-01T08:00:00.000+01:00', local: '2026-12-01T08:00', dst: 'shifted', conflicts: [] },
        {
          at: '2026-12-02T08:00:00.000+01:00',
          local: '2026-12-02T08:00',
          dst: 'repeated',
          conflicts: [{ occurrenceId: 'o', jobId: 'j', jobName: 'Tour "Nord" \u2028 🚚', startsAt: 'a', endsAt: 'b' }],
        },
      ],
    };
    expect(previewJson(b)).toBe(JSON.stringify(b));
    expect(JSON.parse(previewJson({ ...b, dates: [] }))).toEqual({ ...b, dates: [] });
  });
});
