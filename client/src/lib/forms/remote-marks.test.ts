import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreviewResponse, SchedulePreviewPayload } from '@schedhuler/shared';
import { RemoteMarks } from './remote-marks.svelte';

const body = (cron: string): SchedulePreviewPayload => ({ cron, timezone: 'UTC', count: 10, from: '2027-03-25T00:00:00.000Z', boardId: 'b', assetId: 'a', durationMin: 60 });
const answer = (at: string, jobId: string | null): PreviewResponse => ({
  ok: true,
  timezone: 'UTC',
  description: 'x',
  dates: [{ at, local: at.slice(0, 16), dst: null, conflicts: jobId ? [{ occurrenceId: 'o', jobId, jobName: 'Busy', startsAt: at, endsAt: at }] : [] }],
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('RemoteMarks', () => {
  it('asks once after 250 ms of quiet, for the last body only', async () => {
    const fetcher = vi.fn(async (b: SchedulePreviewPayload) => answer('2027-03-25T09:00:00.000Z', b.cron === '0 9 * * *' ? 'j-busy' : null));
    const m = new RemoteMarks(fetcher, null);
    m.request(body('0 8 * * *'));
    await vi.advanceTimersByTimeAsync(100);
    m.request(body('0 9 * * *'));
    expect(m.state).toBe('loading');
    await vi.advanceTimersByTimeAsync(249);
    expect(fetcher).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(fetcher.mock.calls[0]![0].cron).toBe('0 9 * * *');
    expect(m.state).toBe('ready');
    expect(m.marks?.get(Date.parse('2027-03-25T09:00:00.000Z'))?.map((c) => c.jobName)).toEqual(['Busy']);
  });

  it('never lets an older answer replace a newer request, and leaves out the edited job', async () => {
    let release!: (r: PreviewResponse) => void;
    const slow = new Promise<PreviewResponse>((r) => (release = r));
    const fetcher = vi.fn().mockReturnValueOnce(slow).mockResolvedValueOnce(answer('2027-03-25T10:00:00.000Z', 'j-self'));
    const m = new RemoteMarks(fetcher, 'j-self');
    m.request(body('0 9 * * *'));
    await vi.advanceTimersByTimeAsync(250);
    m.request(body('0 10 * * *'));
    await vi.advanceTimersByTimeAsync(250);
    release(answer('2027-03-25T09:00:00.000Z', 'j-other'));
    await vi.advanceTimersByTimeAsync(0);
    expect([...(m.marks?.keys() ?? [])]).toEqual([Date.parse('2027-03-25T10:00:00.000Z')]);
    expect(m.marks?.get(Date.parse('2027-03-25T10:00:00.000Z'))).toEqual([]);
  });

  it('clears to idle on null, and reports an error when the request fails', async () => {
    const m = new RemoteMarks(vi.fn().mockRejectedValue(new Error('offline')), null);
    m.request(body('0 9 * * *'));
    await vi.advanceTimersByTimeAsync(250);
    expect(m.state).toBe('error');
    m.request(null);
    expect(m.state).toBe('idle');
    expect(m.marks).toBeNull();
  });
});
