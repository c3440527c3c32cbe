import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { PreviewResponse } from '@schedhuler/shared';
import JobPanel from './job-panel.svelte';
import { BoardStore } from '../../lib/board/board-store.svelte';
import { makeJob, makeOcc } from '../../test-support/factories';
import { jsonBody, mockFetch } from '../../test-support/fetch-mock';
import type { MockHandler } from '../../test-support/fetch-mock';

const ZONE = 'Europe/Berlin';
const NOW = Date.parse('2026-12-01T06:00:00Z'); // 07:00 Berlin
const VAN1 = '11111111-1111-4111-8111-111111111111';
const VAN2 = '22222222-2222-4222-8222-222222222222';
const CP = '33333333-3333-4333-8333-333333333333';

function store() {
  const s = new BoardStore('board-1', 'planner', 'u1');
  const at = (t: number) => new Date(t).toISOString();
  s.applySnapshot({
    board: { id: 'board-1', name: 'Depot', timezone: ZONE, horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 1 },
    assets: [
      { id: VAN1, boardId: 'board-1', code: 'V-1', name: 'Van 1', kind: 'vehicle', status: 'working', version: 1 },
      { id: VAN2, boardId: 'board-1', code: 'V-2', name: 'Van 2', kind: 'vehicle', status: 'working', version: 1 },
      { id: CP, boardId: 'board-1', code: 'CP-1', name: 'Main gate', kind: 'checkpoint', status: 'working', version: 1 },
    ],
    jobs: [makeJob({ id: 'j-busy', kind: 'task', name: 'Airport shuttle', assetId: VAN1 })],
    // Van 1 is booked 09:00–10:00 Berlin (08:00–09:00Z) on Dec 1.
    occurrences: [makeOcc({ id: 'o-busy', jobId: 'j-busy', assetId: VAN1, startsAt: at(Date.parse('2026-12-01T08:00:00Z')), endsAt: at(Date.parse('2026-12-01T09:00:00Z')) })],
    conflicts: [],
    seq: 1,
  });
  return s;
}

function serverPreview(url: URL, init: RequestInit | undefined): { status: number; body: PreviewResponse } {
  const body = jsonBody(init) as { cron: string; assetId: string };
  // The server marks the first run as conflicting when it is 09:00 on Van 1.
  const first = '2026-12-01T09:00:00.000+01:00';
  const conflicts = body.cron.startsWith('0 9 ') && body.assetId === VAN1 ? [{ occurrenceId: 'o-busy', jobId: 'j-busy', jobName: 'Airport shuttle', startsAt: '2026-12-01T08:00:00.000Z', endsAt: '2026-12-01T09:00:00.000Z' }] : [];
  return { status: 200, body: { ok: true, timezone: ZONE, description: 'x', dates: [{ at: first, local: '2026-12-01T09:00', dst: null, conflicts }] } };
}

function setup(routes: Record<string, MockHandler> = {}) {
  const fetchMock = mockFetch({ 'POST /api/schedules/preview': serverPreview, ...routes });
  const onSaved = vi.fn();
  const onAnnounce = vi.fn();
  const s = store();
  render(JobPanel, { props: { store: s, live: null, init: { zone: ZONE, now: NOW, kind: 'task' }, editors: [], onClose: vi.fn(), onSaved, onDeleted: vi.fn(), onAnnounce } });
  return { fetchMock, onSaved, onAnnounce, s };
}

afterEach(() => vi.unstubAllGlobals());

describe('job panel', () => {
  it('previews in the browser on every keystroke and gets conflict marks from the server, debounced', async () => {
    const { fetchMock } = setup();
    const cron = screen.getByLabelText('Schedule (cron)');
    await fireEvent.input(cron, { target: { value: '0 9 * *' } });
    expect(screen.getByText('No preview: fix the schedule first.')).toBeTruthy();
    await fireEvent.input(cron, { target: { value: '0 9 * * *' } });
    expect(screen.getByText('At 09:00')).toBeTruthy();
    expect(screen.getByText('Pick an asset to see which runs would conflict.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
    await fireEvent.change(screen.getByLabelText('Asset'), { target: { value: VAN1 } });
    await waitFor(() => expect(screen.getByText(/Conflicts with Airport shuttle/)).toBeTruthy());
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(jsonBody(fetchMock.mock.calls[0]![1] as RequestInit)).toMatchObject({ cron: '0 9 * * *', timezone: ZONE, assetId: VAN1, durationMin: 60, boardId: 'board-1' });
  });

  it('"use next free slot" moves a fixed-time schedule to the free time', async () => {
    setup();
    await fireEvent.input(screen.getByLabelText('Schedule (cron)'), { target: { value: '0 9 * * *' } });
    await fireEvent.change(screen.getByLabelText('Asset'), { target: { value: VAN1 } });
    const use = await screen.findByRole('button', { name: /Use next free slot: Tue, Dec 1 10:00–11:00/ });
    await fireEvent.click(use);
    expect(screen.getByLabelText<HTMLInputElement>('Schedule (cron)').value).toBe('0 10 * * *');
    await waitFor(() => expect(screen.queryByText(/Conflicts with/)).toBeNull());
  });

  it('shows field errors next to the fields on submit, and never sends an invalid form', async () => {
    const { fetchMock } = setup();
    await fireEvent.input(screen.getByLabelText('Schedule (cron)'), { target: { value: '0 25 * * *' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create task' }));
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('job-name-error')?.textContent).toBeTruthy();
    expect(document.getElementById('job-asset-error')?.textContent).toBeTruthy();
    expect(document.getElementById('job-cron-error')?.textContent).toMatch(/hour/);
    expect(fetchMock.mock.calls.some(([u]) => String(u).includes('/tasks'))).toBe(false);
  });

  it('creates a task and, on a 409, offers the hints and "save anyway"', async () => {
    const post = vi.fn<MockHandler>((_u, init) => {
      const body = jsonBody(init);
      if (!body.allowConflict) {
        return {
          status: 409,
          body: {
            error: { code: 'conflict', message: 'Van 1 is booked' },
            conflictId: 'c1',
            conflicts: [{ startsAt: '2026-12-01T08:00:00Z', endsAt: '2026-12-01T09:00:00Z', blocking: { occurrenceId: 'o-busy', jobId: 'j-busy', jobName: 'Airport shuttle', assetId: VAN1, startsAt: '2026-12-01T08:00:00Z', endsAt: '2026-12-01T09:00:00Z' } }],
            hints: { nextFree: [{ startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z' }], freeAssets: [{ id: VAN2, code: 'V-2', name: 'Van 2' }] },
          },
        };
      }
      return { status: 201, body: { job: makeJob({ id: 'j-new', kind: 'task', name: String(body.name), assetId: VAN1 }), occurrences: [] } };
    });
    const { onSaved } = setup({ 'POST /api/boards/board-1/tasks': post });
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Fuel run' } });
    await fireEvent.change(screen.getByLabelText('Asset'), { target: { value: VAN1 } });
    await fireEvent.input(screen.getByLabelText('Schedule (cron)'), { target: { value: '0 9 * * *' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create task' }));
    const box = await screen.findByText('Not saved: the asset is already booked.');
    const alert = box.closest('[role=alert]') as HTMLElement;
    expect(alert.textContent).toMatch(/Tue, Dec 1 09:00–10:00 is blocked by Airport shuttle/);
    expect(within(alert).getByRole('button', { name: 'Free Tue, Dec 1 10:00–11:00 — use it' })).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Use Van 2 (free then)' })).toBeTruthy();
    const key = (post.mock.calls[0]![1]!.headers as Record<string, string>)['Idempotency-Key'];
    expect(key).toBeTruthy();
    await fireEvent.click(within(alert).getByRole('button', { name: 'Save anyway' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(jsonBody(post.mock.calls[1]![1])).toMatchObject({ allowConflict: true, name: 'Fuel run' });
    expect(onSaved.mock.calls[0]![1]).toBe('created');
  });

  it('builds an internal tour with checkpoints reordered by keyboard', async () => {
    setup();
    await fireEvent.click(screen.getByRole('radio', { name: 'Internal tour' }));
    expect(screen.getByRole('heading', { name: 'New internal tour' })).toBeTruthy();
    expect(screen.getByText(/No checkpoints yet/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: '+ Add checkpoint' }));
    await fireEvent.click(screen.getByRole('button', { name: '+ Add checkpoint' }));
    await fireEvent.change(screen.getByLabelText('checkpoint 1'), { target: { value: CP } });
    await fireEvent.input(screen.getByLabelText('Minutes before checkpoint 2'), { target: { value: '7' } });
    const handle = screen.getByRole('button', { name: /Reorder Main gate, position 1 of 2/ });
    await fireEvent.keyDown(handle, { key: 'ArrowDown' });
    expect(screen.getByRole('button', { name: /Reorder Main gate, position 2 of 2/ })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Minutes before checkpoint 1').value).toBe('7');
  });

  it('an error in the collapsed "Validity…" section opens it and focuses the field, in words for people', async () => {
    const { fetchMock } = setup();
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Fuel run' } });
    await fireEvent.change(screen.getByLabelText('Asset'), { target: { value: VAN1 } });
    const details = screen.getByText('Validity, time zone, grace times').closest('details')!;
    expect(details.open).toBe(false);
    const validFrom = screen.getByLabelText<HTMLInputElement>('Valid from');
    await fireEvent.input(validFrom, { target: { value: '' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create task' }));
    await waitFor(() => expect(document.activeElement).toBe(validFrom));
    expect(details.open).toBe(true);
    expect(validFrom.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('job-valid-from-error')?.textContent).toBe('Enter a date and time');
    expect(fetchMock.mock.calls.some(([u]) => String(u).includes('/tasks'))).toBe(false);
  });
});
