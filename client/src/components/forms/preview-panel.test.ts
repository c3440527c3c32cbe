import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { previewSchedule } from '@schedhuler/shared';
import PreviewPanel from './preview-panel.svelte';

const ZONE = 'Europe/Berlin';

describe('preview panel', () => {
  it('shows the description, the runs in the zone and DST marks', () => {
    const preview = previewSchedule({ cron: '30 2 * * *', timezone: ZONE, count: 3, from: Date.parse('2027-03-26T12:00:00Z'), mode: 'job' });
    render(PreviewPanel, { props: { preview, zone: ZONE, durationMin: 30, marks: null, marksState: 'idle' } });
    expect(screen.getByText('At 02:30')).toBeTruthy();
    const runs = screen.getAllByRole('listitem');
    expect(runs).toHaveLength(3);
    expect(runs[0]!.textContent).toContain('02:30');
    // 2027-03-28 02:30 does not exist in Berlin: it runs at 03:00, marked shifted.
    expect(runs[1]!.textContent).toContain('03:00');
    expect(runs[1]!.textContent).toContain('DST shifted');
    expect(runs[2]!.textContent).not.toContain('DST');
    expect(screen.getByText('Pick an asset to see which runs would conflict.')).toBeTruthy();
  });

  it('marks the runs the server reports as conflicting', () => {
    const preview = previewSchedule({ cron: '0 9 * * *', timezone: ZONE, count: 2, from: Date.parse('2026-12-01T00:00:00Z'), mode: 'job' });
    if (!preview.ok) throw new Error('bad fixture');
    const first = preview.dates[0]!.epochMs;
    const marks = new Map([
      [first, [{ occurrenceId: 'o', jobId: 'j', jobName: 'Night patrol', startsAt: new Date(first).toISOString(), endsAt: new Date(first + 3_600_000).toISOString() }]],
      [preview.dates[1]!.epochMs, []],
    ]);
    render(PreviewPanel, { props: { preview, zone: ZONE, durationMin: 60, marks, marksState: 'ready' } });
    const runs = screen.getAllByRole('listitem');
    expect(runs[0]!.textContent).toMatch(/Conflicts with Night patrol \(Tue, Dec 1 09:00–10:00\)/);
    expect(runs[1]!.textContent).toContain('Free');
  });

  it('says what to fix instead of showing runs for a broken schedule', () => {
    const preview = previewSchedule({ cron: '61 * * * *', timezone: ZONE, mode: 'job' });
    render(PreviewPanel, { props: { preview, zone: ZONE, durationMin: 60, marks: null, marksState: 'idle' } });
    expect(screen.getByText('No preview: fix the schedule first.')).toBeTruthy();
  });
});
