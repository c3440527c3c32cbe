import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConflictDto } from '@schedhuler/shared';
import { flushSync } from 'svelte';
import { BoardStore } from './board-store.svelte';
import { ALL_REJECTED, ConflictDeskState } from './conflict-desk-state.svelte';
import { jsonBody, mockFetch } from '../../test-support/fetch-mock';
import { makeJob, makeOcc } from '../../test-support/factories';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const iso = (min: number) => new Date(T0 + min * 60_000).toISOString();
const ben = { id: 'u-ben', displayName: 'Ben Planner' };
const sam = { id: 'u-sam', displayName: 'Sam Supervisor' };

function rec(id: string, p: Partial<ConflictDto> = {}): ConflictDto {
  return { id, kind: 'rejected', assetId: 'van-2', startsAt: iso(0), endsAt: iso(60), jobId: null, jobName: 'Airport shuttle', jobKind: 'task', occurrenceIds: ['o1'], actor: ben, createdAt: iso(0), ...p };
}

function setup(role: 'planner' | 'supervisor', userId: string, conflicts: ConflictDto[]) {
  const store = new BoardStore('board-1', role, userId);
  store.board = { id: 'board-1', name: 'Depot', timezone: 'Europe/Berlin', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 1 };
  store.conflicts = conflicts;
  let done = 0;
  const desk = new ConflictDeskState(store, () => void done++);
  return { store, desk, done: () => done };
}

afterEach(() => vi.unstubAllGlobals());

describe('ConflictDeskState', () => {
  it('groups the open records, counts them and filters by kind', () => {
    const { desk } = setup('supervisor', sam.id, [rec('r1'), rec('r2'), rec('x1', { kind: 'overlap', actor: sam }), rec('old', { resolvedAt: iso(5) })]);
    expect(desk.counts).toEqual({ overlaps: 1, rejected: 2 });
    expect(desk.desk.rejected.map((c) => c.count)).toEqual([2]);
    expect(desk.choices.actors.map((a) => a.id)).toEqual([ben.id, sam.id]);
    desk.filters.kind = 'overlap';
    flushSync();
    expect(desk.desk.rejected).toEqual([]);
    expect(desk.desk.overlaps).toHaveLength(1);
  });

  it('"Resolved" loads the closed records from the server and shows them instead of the open ones', async () => {
    const fetch = mockFetch({ 'GET /api/boards/board-1/conflicts': () => ({ status: 200, body: { conflicts: [rec('done', { resolvedAt: iso(9) })] } }) });
    const { desk } = setup('supervisor', sam.id, [rec('r1')]);
    await desk.setStatus(true);
    expect(fetch.mock.calls[0]![0]).toBe('/api/boards/board-1/conflicts?status=resolved');
    expect(desk.desk.rejected[0]!.latest.id).toBe('done');
    await desk.setStatus(false);
    expect(desk.desk.rejected[0]!.latest.id).toBe('r1');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a failed load of the resolved records is shown on the desk', async () => {
    mockFetch({ 'GET /api/boards/board-1/conflicts': () => ({ status: 503, body: { error: { code: 'unavailable', message: 'Try again shortly' } } }) });
    const { desk } = setup('supervisor', sam.id, []);
    await desk.setStatus(true);
    expect(desk.deskError).toBe('Try again shortly');
  });

  it('dismissing a card closes all its records in one request and drops them from the store', async () => {
    const fetch = mockFetch({ 'POST /api/boards/board-1/conflicts/dismiss': () => ({ status: 200, body: { count: 2 } }) });
    const { store, desk, done } = setup('supervisor', sam.id, [rec('r1'), rec('r2'), rec('x1', { kind: 'overlap' })]);
    const card = desk.desk.rejected[0]!;
    const run = desk.dismiss(card);
    expect(desk.busy).toBe(card.key);
    await run;
    expect(jsonBody(fetch.mock.calls[0]![1])).toEqual({ ids: card.ids });
    expect(store.conflicts.map((c) => c.id)).toEqual(['x1']);
    expect(desk.busy).toBeNull();
    expect(done()).toBe(1);
  });

  it('"Dismiss all rejected" sends the kind; a refusal stays on its key and the records stay', async () => {
    let status = 403;
    const fetch = mockFetch({ 'POST /api/boards/board-1/conflicts/dismiss': () => (status === 200 ? { status, body: { count: 1 } } : { status, body: { error: { code: 'forbidden', message: 'Supervisors only' } } }) });
    const { store, desk, done } = setup('supervisor', sam.id, [rec('r1'), rec('x1', { kind: 'overlap' })]);
    await desk.dismissAllRejected();
    expect(desk.errors[ALL_REJECTED]).toBe('Supervisors only');
    expect(store.conflicts).toHaveLength(2);
    expect(done()).toBe(0);
    status = 200;
    await desk.dismissAllRejected();
    expect(jsonBody(fetch.mock.calls[1]![1])).toEqual({ kind: 'rejected' });
    expect(desk.errors[ALL_REJECTED]).toBe('');
    expect(store.conflicts.map((c) => c.id)).toEqual(['x1']);
  });

  it('resolving an overlap stores the answer the server gives', async () => {
    const closed = rec('x1', { kind: 'overlap', resolvedAt: iso(3) });
    const fetch = mockFetch({ 'POST /api/conflicts/x1/resolve': () => ({ status: 200, body: { conflict: closed } }) });
    const { store, desk } = setup('supervisor', sam.id, [rec('x1', { kind: 'overlap' })]);
    await desk.resolve(desk.desk.overlaps[0]!, { action: 'cancel', occurrenceId: 'o1' });
    expect(jsonBody(fetch.mock.calls[0]![1])).toEqual({ action: 'cancel', occurrenceId: 'o1' });
    // The store keeps open records only: the answer closes the card.
    expect(store.conflicts).toEqual([]);
    expect(desk.counts.overlaps).toBe(0);
  });

  it('only the author of a refused move or one-off with a suggested slot may book it', () => {
    const slot = { startsAt: iso(60), endsAt: iso(120) };
    const oneOff = rec('c1', { suggested: slot, attempt: { action: 'create', oneOff: true } });
    const cron = rec('c2', { jobName: 'Nightly', suggested: slot, attempt: { action: 'create', oneOff: false } });
    const noSlot = rec('c3', { jobName: 'No slot', attempt: { action: 'create', oneOff: true } });
    const mine = setup('planner', ben.id, [oneOff, cron, noSlot]).desk;
    const card = (d: ConflictDeskState, name: string) => d.desk.rejected.find((c) => c.latest.jobName === name)!;
    expect(mine.canBook(card(mine, 'Airport shuttle'))).toBe(true);
    expect(mine.canBook(card(mine, 'Nightly'))).toBe(false);
    expect(mine.canBook(card(mine, 'No slot'))).toBe(false);
    const other = setup('supervisor', sam.id, [oneOff]).desk;
    expect(other.canBook(card(other, 'Airport shuttle'))).toBe(false);
  });

  it('booking a refused one-off creates the task at the suggested slot and closes its records', async () => {
    const slot = { startsAt: iso(60), endsAt: iso(105) };
    const job = makeJob({ id: 'j9', kind: 'task', name: 'Airport shuttle', assetId: 'van-2' });
    const occ = makeOcc({ id: 'o9', jobId: 'j9', assetId: 'van-2', startsAt: slot.startsAt, endsAt: slot.endsAt });
    const fetch = mockFetch({ 'POST /api/boards/board-1/tasks': () => ({ status: 201, body: { job, occurrences: [occ] } }) });
    const { store, desk } = setup('planner', ben.id, [rec('c1', { suggested: slot, attempt: { action: 'create', oneOff: true, priority: 'high' } })]);
    const upserted = vi.spyOn(store, 'upsertOccurrences');
    await desk.book(desk.desk.rejected[0]!);
    expect(jsonBody(fetch.mock.calls[0]![1])).toEqual({ name: 'Airport shuttle', assetId: 'van-2', timezone: 'Europe/Berlin', startsAt: slot.startsAt, planDurationMin: 45, priority: 'high' });
    expect(store.jobs.get('j9')?.name).toBe('Airport shuttle');
    expect(upserted).toHaveBeenCalledWith([occ]);
    expect(store.conflicts).toEqual([]);
  });

  it('booking a refused move moves the loaded occurrence (its records wait for the server) or says it is not loaded', async () => {
    const slot = { startsAt: iso(60), endsAt: iso(120) };
    const moved = makeOcc({ id: 'o1', jobId: 'j1', assetId: 'van-2', startsAt: slot.startsAt, endsAt: slot.endsAt, version: 4 });
    const fetch = mockFetch({ 'PATCH /api/occurrences/o1': () => ({ status: 200, body: { occurrence: moved } }) });
    const attempt = rec('m1', { jobId: 'j1', suggested: slot, attempt: { action: 'move', occurrenceId: 'o1' } });
    const { store, desk } = setup('planner', ben.id, [attempt]);
    const card = desk.desk.rejected[0]!;
    await desk.book(card);
    expect(desk.errors[card.key]).toBe('That occurrence is not loaded any more; open its day and move it there.');
    expect(fetch).not.toHaveBeenCalled();
    store.occurrences = new Map([['o1', makeOcc({ id: 'o1', jobId: 'j1', assetId: 'van-1', startsAt: iso(0), endsAt: iso(60), version: 3 })]]);
    const upserted = vi.spyOn(store, 'upsertOccurrences');
    await desk.book(card);
    expect(jsonBody(fetch.mock.calls[0]![1])).toEqual({ expectedVersion: 3, assetId: 'van-2', startsAt: slot.startsAt, endsAt: slot.endsAt });
    expect(upserted).toHaveBeenCalledWith([moved]);
    expect(store.conflicts).toEqual([attempt]);
  });
});
