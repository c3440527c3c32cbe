import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobForm } from './job-form.svelte';
import { jsonBody, mockFetch } from '../../test-support/fetch-mock';
import type { MockHandler } from '../../test-support/fetch-mock';
import { makeJob } from '../../test-support/factories';

const ZONE = 'Europe/Berlin';
const NOW = Date.parse('2026-12-01T07:00:00Z');
const VAN = '11111111-1111-4111-8111-111111111111';
const CP1 = '22222222-2222-4222-8222-222222222222';
const CP2 = '33333333-3333-4333-8333-333333333333';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function filledTask() {
  const f = new JobForm({ zone: ZONE, now: NOW });
  f.name = 'Fuel run';
  f.assetId = VAN;
  f.cron = '30 8 * * 1-5';
  return f;
}

describe('job form', () => {
  it('builds a recurring task body in the board zone and validates it with the shared schema', () => {
    const f = filledTask();
    expect(f.body).toMatchObject({ name: 'Fuel run', assetId: VAN, cron: '30 8 * * 1-5', timezone: ZONE, startsAt: null, validFrom: '2026-12-01T07:00:00.000Z', planDurationMin: 60 });
    expect(f.issues).toEqual({});
    expect(f.preview?.ok && f.preview.description).toBe('At 08:30, Monday through Friday');
  });

  it('builds a one-off task from a local start time', () => {
    const f = new JobForm({ zone: ZONE, now: NOW, assetId: VAN, startsAt: Date.parse('2026-12-02T09:00:00Z') });
    f.name = 'Delivery';
    expect(f.recurring).toBe(false);
    expect(f.body).toMatchObject({ cron: null, startsAt: '2026-12-02T09:00:00.000Z' });
    expect(f.preview).toBeNull();
    expect(f.valid).toBe(true);
  });

  it('names each bad field with a message, the engine owning cron messages', () => {
    const f = new JobForm({ zone: ZONE, now: NOW });
    f.cron = '* 8 * * *';
    f.planDurationMin = null;
    f.timezone = 'Mars/Olympus';
    expect(f.issues.name).toBeTruthy();
    expect(f.issues.assetId).toBeTruthy();
    expect(f.issues.planDurationMin).toBeTruthy();
    expect(f.issues.timezone).toMatch(/Mars\/Olympus/);
    f.timezone = ZONE;
    expect(f.issues.cron).toMatch(/every-minute schedules are not allowed/);
    // Errors show once a field was left, or after a submit.
    expect(f.errorFor('name')).toBeNull();
    f.touch('name');
    expect(f.errorFor('name')).toBeTruthy();
  });

  it('builds tours with ordered stops and computes the walk length', () => {
    const f = new JobForm({ zone: ZONE, now: NOW, kind: 'internal_tour' });
    f.name = 'Night patrol';
    f.assetId = VAN;
    f.cron = '0 22 * * *';
    f.planDurationMin = 10;
    expect(f.issues.checkpoints).toMatch(/at least one checkpoint/);
    f.addStop(CP1);
    f.addStop(CP2);
    f.stops[1]!.gapMin = 5;
    f.moveStop(1, 0);
    expect(f.body.checkpoints).toEqual([
      { seq: 1, assetId: CP2, gapMin: 5, durationMin: null },
      { seq: 2, assetId: CP1, gapMin: 0, durationMin: null },
    ]);
    expect(f.durationMin).toBe(25);
    expect(f.valid).toBe(true);
    f.stops[0]!.durationMin = 1500;
    expect(f.issues['checkpoints.0.durationMin'] ?? f.issues.checkpoints).toBeTruthy();
  });

  it('posts with an idempotency key and retries a network failure with the same key', async () => {
    const keys: string[] = [];
    let calls = 0;
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
      keys.push((init?.headers as Record<string, string>)['Idempotency-Key']!);
      if (++calls === 1) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ job: makeJob({ id: 'j1', kind: 'task', name: 'Fuel run', assetId: VAN }), occurrences: [] }), { status: 201 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const f = filledTask();
    const out = await f.submit('board-1');
    expect(out.ok).toBe(true);
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/boards/board-1/tasks');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
  });

  it('maps server field errors and conflicts', async () => {
    const answers: Record<string, MockHandler> = {
      'POST /api/boards/board-1/tasks': () => ({ status: 400, body: { error: { code: 'validation_failed', message: 'name: taken', details: [{ path: 'name', message: 'is taken' }] } } }),
    };
    mockFetch(answers);
    const f = filledTask();
    expect(await f.submit('board-1')).toEqual({ ok: false, reason: 'error' });
    expect(f.errorFor('name')).toBe('is taken');
    answers['POST /api/boards/board-1/tasks'] = () => ({ status: 409, body: { error: { code: 'conflict', message: 'Van is booked' }, conflictId: 'c', conflicts: [], hints: { nextFree: [], freeAssets: [] } } });
    const out = await f.submit('board-1');
    expect(out).toMatchObject({ ok: false, reason: 'conflict', message: 'Van is booked' });
  });

  it('edits with PATCH and the expected version', async () => {
    const patch = vi.fn<MockHandler>(() => ({ status: 200, body: { job: makeJob({ id: 'j9', kind: 'task', name: 'Renamed', assetId: VAN, version: 5 }), occurrences: [] } }));
    mockFetch({ 'PATCH /api/jobs/j9': patch });
    const f = new JobForm({ zone: ZONE, now: NOW, job: makeJob({ id: 'j9', kind: 'task', name: 'Old', assetId: VAN, version: 4 }) });
    expect(f.name).toBe('Old');
    f.name = 'Renamed';
    expect((await f.submit('board-1')).ok).toBe(true);
    expect(jsonBody(patch.mock.calls[0]![1])).toMatchObject({ expectedVersion: 4, name: 'Renamed', cron: '0 9 * * *' });
  });
});

describe('the preview starts at "Valid from"', () => {
  it('a job valid from 2027-03-25 previews from then, with the DST mark on 2027-03-28 (Europe/Berlin)', () => {
    const f = filledTask();
    f.cron = '30 2 * * *';
    f.validFrom = '2027-03-25T00:00';
    expect(f.previewFrom).toBe(Date.parse('2027-03-24T23:00:00Z'));
    const p = f.preview;
    expect(p?.ok).toBe(true);
    if (!p?.ok) return;
    expect(p.dates[0]!.epochMs).toBe(Date.parse('2027-03-25T01:30:00Z'));
    const shifted = p.dates.filter((d) => d.dst === 'shifted');
    expect(shifted).toHaveLength(1);
    // 02:30 does not exist that night: the run is at 03:00 CEST (01:00Z).
    expect(shifted[0]!.epochMs).toBe(Date.parse('2027-03-28T01:00:00Z'));
  });

  it('a "Valid from" in the past or unreadable previews from now', () => {
    const f = filledTask();
    f.validFrom = '2020-01-01T00:00';
    expect(f.previewFrom).toBe(NOW);
    f.validFrom = 'garbage';
    expect(f.previewFrom).toBe(NOW);
  });
});
