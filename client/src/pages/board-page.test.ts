import { PROTOCOL_VERSION } from '@schedhuler/shared';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import BoardPage from './board-page.svelte';
import { appContextMap } from '../lib/context';
import { Router } from '../lib/router.svelte';
import { Session } from '../lib/session.svelte';
import { boardFixture } from '../test-support/board-fixture';
import { jsonBody, mockFetch } from '../test-support/fetch-mock';
import type { MockHandler } from '../test-support/fetch-mock';
import { startOfZonedDay } from '../lib/timeline/zone';
import type { BoardSnapshot } from '../lib/board/board-types';
import { makeJob, makeOcc } from '../test-support/factories';
import { FakeSocket } from '../test-support/fake-socket';
import { jobPanelCode } from '../lib/board/lazy-parts';

// The page fetches the job form's chunk once idle after the board drew; here it is in up front, so a
// form opens at once as on a page open for a moment (a cold transform under vitest takes seconds).
beforeAll(async () => {
  await jobPanelCode.load();
  expect(jobPanelCode.current).toBeDefined();
}, 30_000);

const NOW = Date.parse('2026-12-01T11:00:00Z');
const DAY0 = startOfZonedDay(NOW, 'Europe/Berlin');
const M = 60_000;

/** The server's answer for the query's [from, to): occurrences overlapping it (the page prefetches neighbouring ranges). */
function inRange(snap: BoardSnapshot, url: URL): BoardSnapshot {
  const from = url.searchParams.get('from');
  const to = url.searchParams.get('to');
  if (!from || !to) return snap;
  const [f, t] = [Date.parse(from), Date.parse(to)];
  return { ...snap, from, to, occurrences: snap.occurrences.filter((o) => Date.parse(o.startsAt) < t && Date.parse(o.endsAt) > f) };
}

function setup(snap: BoardSnapshot, extra: Record<string, MockHandler> = {}, socket: FakeSocket | null = null) {
  const fetchMock = mockFetch({ 'GET /api/boards/board-1': (url) => ({ status: 200, body: inRange(snap, url) }), ...extra });
  const session = new Session();
  session.status = 'authenticated';
  session.user = { id: 'u1', username: 'planner1', displayName: 'Ana', isAdmin: false };
  session.memberships = [{ boardId: 'board-1', role: snap.role ?? 'planner' }];
  const router = new Router();
  render(BoardPage, { props: { boardId: 'board-1', clock: () => NOW, socket: socket ? () => socket.asSocket() : null }, context: appContextMap({ session, router }) });
  return fetchMock;
}

/** A small board: one van with one task 09:00–10:00 local, a second van, one free van. */
function smallBoard(role: BoardSnapshot['role'] = 'planner'): BoardSnapshot {
  const at = (min: number) => new Date(DAY0 + min * M).toISOString();
  return {
    board: { id: 'board-1', name: 'Depot Nord', timezone: 'Europe/Berlin', horizonDays: 14, workingHours: { days: [1, 2, 3, 4, 5], start: '07:00', end: '19:00' }, version: 1, lastSeq: 4 },
    role,
    assets: [
      { id: 'v1', boardId: 'board-1', code: 'V-1', name: 'Van 1', kind: 'vehicle', status: 'working', version: 1 },
      { id: 'v2', boardId: 'board-1', code: 'V-2', name: 'Van 2', kind: 'vehicle', status: 'working', version: 1 },
      { id: 'g1', boardId: 'board-1', code: 'G-1', name: 'Anna Berger', kind: 'person', status: 'working', version: 1 },
    ],
    jobs: [
      makeJob({ id: 'j1', kind: 'task', name: 'Fuel run', assetId: 'v1' }),
      makeJob({ id: 'j2', kind: 'internal_tour', name: 'Night patrol', assetId: 'g1', planDurationMin: 30 }),
    ],
    occurrences: [
      makeOcc({ id: 'o1', jobId: 'j1', assetId: 'v1', startsAt: at(9 * 60), endsAt: at(10 * 60), status: 'scheduled', version: 3, detached: false }),
      makeOcc({ id: 'o2', jobId: 'j2', assetId: 'g1', startsAt: at(9 * 60), endsAt: at(10 * 60), status: 'conflicted', version: 1, detached: false }),
      makeOcc({ id: 'o3', jobId: 'j2', assetId: 'g1', startsAt: at(9 * 60 + 30), endsAt: at(10 * 60 + 30), status: 'scheduled', version: 1, detached: false }),
    ],
    conflicts: [],
    seq: 4,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('board page', () => {
  it('loads the range of the current local day and shows grouped rows and labelled blocks', async () => {
    const fetchMock = setup(smallBoard());
    const block = await screen.findByRole('button', { name: /Fuel run/ });
    expect(block.getAttribute('aria-label')).toBe('Fuel run 09:00–10:00, Task, V-1 Van 1');
    const url = new URL(String(fetchMock.mock.calls[0]![0]), 'http://x');
    // The first request is made before the zone is known: it covers the local day with a margin, once.
    expect(Date.parse(url.searchParams.get('from')!)).toBeLessThanOrEqual(DAY0);
    expect(Date.parse(url.searchParams.get('to')!)).toBeGreaterThanOrEqual(DAY0 + 24 * 60 * M);
    // (A planner's page also reads their undo history: not a board load.) Later board loads are the
    // prefetched neighbouring ranges, none overlapping the first.
    const loads = fetchMock.mock.calls.filter(([u]) => !String(u).includes('/history')).map(([u]) => new URL(String(u), 'http://x').searchParams);
    const [first, ...later] = loads.map((q) => ({ from: Date.parse(q.get('from')!), to: Date.parse(q.get('to')!) }));
    for (const l of later) expect(l.to <= first!.from || l.from >= first!.to).toBe(true);
    expect(screen.getByRole('button', { name: /People/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Vehicles/ })).toBeTruthy();
    expect(screen.getByText('Depot Nord')).toBeTruthy();
  });

  it('marks conflicted blocks in text, not only colour, and lays overlaps side by side', async () => {
    setup(smallBoard());
    const conflicted = await screen.findByRole('button', { name: /^Night patrol 09:00–10:00, .*, conflicted$/ });
    expect(conflicted.classList.contains('conflicted')).toBe(true);
    const other = screen.getByRole('button', { name: /^Night patrol 09:30–10:30, [^,]*, [^,]*$/ });
    expect(conflicted.style.top).not.toBe(other.style.top);
  });

  it('moves a block by keyboard and saves it with expectedVersion on Enter', async () => {
    const patch = vi.fn<MockHandler>((_url, init) => {
      const body = jsonBody(init);
      const occ = makeOcc({ id: 'o1', jobId: 'j1', assetId: String(body.assetId), startsAt: String(body.startsAt), endsAt: String(body.endsAt), version: 4, detached: true });
      return { status: 200, body: { occurrence: occ } };
    });
    setup(smallBoard(), { 'PATCH /api/occurrences/o1': patch });
    const block = await screen.findByRole('button', { name: /Fuel run/ });
    block.focus();
    await fireEvent.keyDown(block, { key: 'ArrowRight' });
    await fireEvent.keyDown(block, { key: 'ArrowRight' });
    await fireEvent.keyDown(block, { key: 'ArrowRight', shiftKey: true });
    await fireEvent.keyDown(block, { key: 'ArrowDown' });
    expect(patch).not.toHaveBeenCalled();
    expect(screen.getByText(/V-2 Van 2, 09:10–10:15\. Enter to save/)).toBeTruthy();
    await fireEvent.keyDown(block, { key: 'Enter' });
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(jsonBody(patch.mock.calls[0]![1])).toEqual({
      expectedVersion: 3,
      assetId: 'v2',
      startsAt: new Date(DAY0 + (9 * 60 + 10) * M).toISOString(),
      endsAt: new Date(DAY0 + (10 * 60 + 15) * M).toISOString(),
    });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Fuel run 09:10–10:15, Task, V-2 Van 2' })).toBeTruthy());
  });

  it('cancels a keyboard move on Escape without a request', async () => {
    const patch = vi.fn<MockHandler>(() => ({ status: 500 }));
    setup(smallBoard(), { 'PATCH /api/occurrences/o1': patch });
    const block = await screen.findByRole('button', { name: /Fuel run/ });
    // A block being moved is drawn at its resting left plus a transform (no layout of the board per move).
    const drawnAt = () => `${block.style.left} ${block.style.transform}`;
    const at = drawnAt();
    block.focus();
    await fireEvent.keyDown(block, { key: 'ArrowRight' });
    expect(drawnAt()).not.toBe(at);
    await fireEvent.keyDown(block, { key: 'Escape' });
    expect(drawnAt()).toBe(at);
    expect(patch).not.toHaveBeenCalled();
    expect(screen.getByText('Move cancelled')).toBeTruthy();
  });

  it('rolls back on a 409 and offers the server hint', async () => {
    setup(smallBoard(), {
      'PATCH /api/occurrences/o1': () => ({
        status: 409,
        body: {
          error: { code: 'conflict', message: 'Overlap on Van 2' },
          conflictId: 'c1',
          conflicts: [{ startsAt: '', endsAt: '', blocking: { occurrenceId: 'x', jobId: 'jx', jobName: 'Airport shuttle', assetId: 'v2', startsAt: new Date(DAY0 + 9 * 60 * M).toISOString(), endsAt: new Date(DAY0 + 10 * 60 * M).toISOString() } }],
          hints: { nextFree: [{ startsAt: new Date(DAY0 + 630 * M).toISOString(), endsAt: new Date(DAY0 + 690 * M).toISOString() }], freeAssets: [] },
        },
      }),
    });
    const block = await screen.findByRole('button', { name: /Fuel run/ });
    const { left, top } = block.style;
    block.focus();
    await fireEvent.keyDown(block, { key: 'ArrowDown' });
    await fireEvent.keyDown(block, { key: 'Enter' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Van 2 is booked by Airport shuttle \(09:00–10:00\)\. Van 2 is free 10:30–11:30 — move there\?/);
    await waitFor(() => expect(screen.getByRole('button', { name: /Fuel run/ }).style.top).toBe(top));
    expect(screen.getByRole('button', { name: /Fuel run/ }).style.left).toBe(left);
    expect(screen.getByRole('button', { name: /Fuel run/ }).getAttribute('aria-label')).toContain('V-1 Van 1');
    expect(within(alert).getByRole('button', { name: 'Move to 10:30–11:30' })).toBeTruthy();
  });

  it('lets a viewer look but not move', async () => {
    const patch = vi.fn<MockHandler>(() => ({ status: 200 }));
    setup(smallBoard('viewer'), { 'PATCH /api/occurrences/o1': patch });
    const block = await screen.findByRole('button', { name: /Fuel run/ });
    expect(block.querySelector('[data-handle]')).toBeNull();
    expect(screen.getByText('View only')).toBeTruthy();
    const left = block.style.left;
    block.focus();
    await fireEvent.keyDown(block, { key: 'ArrowRight' });
    await fireEvent.keyDown(block, { key: 'Enter' });
    expect(block.style.left).toBe(left);
    expect(patch).not.toHaveBeenCalled();
  });

  it('virtualises: 200 assets and 10,000 occurrences mount only what is on screen', async () => {
    setup(boardFixture({ from: DAY0, assets: 200, occurrences: 10_000, days: 14 }));
    await screen.findAllByRole('button', { name: /Task|Patrol|Route/ });
    const blocks = document.querySelectorAll('[data-occurrence-id]').length;
    expect(blocks).toBeGreaterThan(20);
    expect(blocks).toBeLessThan(500);
    expect(document.querySelectorAll('.rail .asset').length).toBeLessThan(40);
  }, 20_000); // rendering 10,000 blocks in jsdom takes 4–10 s on the shared 2-core machine

  it('lists open conflicts newest first and lets a supervisor resolve one from the feed', async () => {
    const snap = smallBoard('supervisor');
    const at = (min: number) => new Date(DAY0 + min * M).toISOString();
    snap.conflicts = [
      { id: 'c-old', kind: 'rejected', assetId: 'v2', startsAt: at(600), endsAt: at(660), jobId: null, occurrenceIds: [], actor: { id: 'u3', displayName: 'Ben' }, createdAt: at(100) },
      { id: 'c-new', kind: 'overlap', assetId: 'g1', startsAt: at(570), endsAt: at(600), jobId: 'j2', occurrenceIds: ['o2', 'o3'], actor: { id: 'u3', displayName: 'Ben' }, createdAt: at(200) },
    ];
    const resolve = vi.fn<MockHandler>((url, init) => ({ status: 200, body: { conflict: { ...snap.conflicts[1]!, resolvedAt: at(300), resolution: jsonBody(init) } } }));
    setup(snap, { 'POST /api/conflicts/c-new/resolve': resolve });
    const feed = await screen.findByRole('complementary', { name: /Conflicts/ });
    const items = within(feed).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Anna Berger (G-1) is double-booked');
    expect(items[1]!.textContent).toContain('Ben tried to book a job on Van 2 (V-2)');
    await fireEvent.mouseEnter(items[0]!);
    expect(screen.getByRole('button', { name: /^Night patrol 09:00–10:00, .*, conflicted$/ }).classList.contains('highlighted')).toBe(true);
    await fireEvent.click(within(items[0]!).getByRole('button', { name: 'Cancel Night patrol 09:00' }));
    await waitFor(() => expect(resolve).toHaveBeenCalledTimes(1));
    expect(jsonBody(resolve.mock.calls[0]![1])).toEqual({ action: 'cancel', occurrenceId: 'o2' });
    await waitFor(() => expect(within(feed).getAllByRole('listitem')).toHaveLength(1));
  });

  it('shows planners the feed without resolve actions', async () => {
    const snap = smallBoard('planner');
    snap.conflicts = [{ id: 'c1', kind: 'overlap', assetId: 'g1', startsAt: snap.occurrences[2]!.startsAt, endsAt: snap.occurrences[1]!.endsAt, jobId: 'j2', occurrenceIds: ['o2', 'o3'], actor: null, createdAt: snap.occurrences[0]!.startsAt }];
    setup(snap);
    const feed = await screen.findByRole('complementary', { name: /Conflicts/ });
    expect(within(feed).getByRole('button', { name: 'Show' })).toBeTruthy();
    expect(within(feed).queryByRole('button', { name: /Cancel|Dismiss|Move/ })).toBeNull();
  });

  it('creates a task over a range dragged across an empty stretch of a row', async () => {
    setup(smallBoard());
    await screen.findByRole('button', { name: /Fuel run/ });
    const body = document.querySelector('.body') as HTMLElement;
    // jsdom has no layout: the body sits at 0,0 and the screen is taken as 1280 px, so day zoom draws 12 h in
    // 1032 px (86 px per hour) from 18:00 the evening before (x = 1376 is 10:00); Van 2's row spans y 124–160.
    await fireEvent.pointerDown(body, { button: 0, pointerId: 7, clientX: 1376, clientY: 140 });
    await fireEvent.pointerMove(window, { pointerId: 7, clientX: 1550, clientY: 140 });
    expect(document.querySelector('.range')?.textContent).toBe('10:00–12:00');
    await fireEvent.pointerUp(window, { pointerId: 7, clientX: 1550, clientY: 140 });
    expect(await screen.findByRole('heading', { name: 'New task' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>(/Starts at/).value).toBe('2026-12-01T10:00');
    expect(screen.getByLabelText<HTMLInputElement>('Duration (min)').value).toBe('120');
    expect(screen.getByLabelText<HTMLSelectElement>('Asset').value).toBe('v2');
  });

  it('keeps the blocker of a rejected attempt booked, not conflicted, and still highlights it from the feed', async () => {
    const snap = smallBoard('supervisor');
    const at = (min: number) => new Date(DAY0 + min * M).toISOString();
    // Someone tried to put a job on Van 1 over Fuel run: nothing was stored, Fuel run stays "scheduled".
    snap.conflicts = [{ id: 'c-rej', kind: 'rejected', assetId: 'v1', startsAt: at(570), endsAt: at(630), jobId: 'j2', occurrenceIds: ['o1'], actor: { id: 'u3', displayName: 'Ben' }, createdAt: at(100) }];
    setup(snap);
    const fuel = await screen.findByRole('button', { name: 'Fuel run 09:00–10:00, Task, V-1 Van 1' });
    expect(fuel.dataset.occurrenceId).toBe('o1');
    expect(fuel.classList.contains('conflicted')).toBe(false);
    // The double-booked occurrence is still marked by its status.
    expect(screen.getByRole('button', { name: /^Night patrol 09:00–10:00, .*, conflicted$/ }).classList.contains('conflicted')).toBe(true);
    const feed = screen.getByRole('complementary', { name: /Conflicts/ });
    await fireEvent.mouseEnter(within(feed).getAllByRole('listitem')[0]!);
    expect(fuel.classList.contains('highlighted')).toBe(true);
  });

  it("stops saying 'Live' while the browser is offline and catches up when it is back", async () => {
    const socket = new FakeSocket();
    socket.answers.set('board:join', () => ({ ok: true, seq: 4, events: [] }));
    setup(smallBoard(), {}, socket);
    await screen.findByRole('button', { name: /Fuel run/ });
    socket.serverSends('connect');
    const status = () => screen.getAllByRole('status').find((el) => el.classList.contains('conn'))!;
    await waitFor(() => expect(status().textContent).toBe('Live'));
    window.dispatchEvent(new Event('offline'));
    await waitFor(() => expect(status().textContent).toBe('Reconnecting…'));
    expect(status().title).toMatch(/browser is offline/);
    expect(socket.connected).toBe(false);
    window.dispatchEvent(new Event('online'));
    expect(socket.connectCalls).toBe(1);
    socket.serverSends('connect');
    await waitFor(() => expect(status().textContent).toBe('Resynced'));
    expect(socket.emitted.filter((e) => e.event === 'board:join').map((e) => e.payload)).toEqual([
      { boardId: 'board-1', sinceSeq: 4, protocol: PROTOCOL_VERSION },
      { boardId: 'board-1', sinceSeq: 4, protocol: PROTOCOL_VERSION },
    ]);
  });

  it('asks for a reload when the server refuses the join for another protocol version', async () => {
    const socket = new FakeSocket();
    socket.answers.set('board:join', () => ({ ok: false, error: { code: 'protocol_mismatch', message: 'reload to update' } }));
    setup(smallBoard(), {}, socket);
    await screen.findByRole('button', { name: /Fuel run/ });
    expect(screen.queryByText(/different versions/)).toBeNull();
    socket.serverSends('connect');
    const banner = await screen.findByText(/different versions, so live updates are off\. Reload to update\./);
    expect(banner.getAttribute('role')).toBe('alert');
    expect(within(banner).getByRole('button', { name: 'Reload' })).toBeTruthy();
    expect(socket.connected).toBe(false);
  });

  it('removes its online/offline listeners when the board closes', async () => {
    const socket = new FakeSocket();
    socket.answers.set('board:join', () => ({ ok: true, seq: 4, events: [] }));
    const removed = vi.spyOn(window, 'removeEventListener');
    setup(smallBoard(), {}, socket);
    await screen.findByRole('button', { name: /Fuel run/ });
    cleanup();
    expect(removed.mock.calls.map(([type]) => type)).toEqual(expect.arrayContaining(['offline', 'online']));
    window.dispatchEvent(new Event('online'));
    expect(socket.connectCalls).toBe(0);
    removed.mockRestore();
  });

  it('starts the range on a row background too (where a real press lands), for planners only', async () => {
    setup(smallBoard());
    await screen.findByRole('button', { name: /Fuel run/ });
    // The press lands on a row's background element, not on the body; the row is found from y (Van 2: 124–160).
    const rowBg = document.querySelector('.body .row-bg') as HTMLElement;
    await fireEvent.pointerDown(rowBg, { button: 0, pointerId: 8, clientX: 1376, clientY: 140 });
    await fireEvent.pointerMove(window, { pointerId: 8, clientX: 1550, clientY: 140 });
    expect(document.querySelector('.range')?.textContent).toBe('10:00–12:00');
    await fireEvent.pointerUp(window, { pointerId: 8, clientX: 1550, clientY: 140 });
    expect(await screen.findByRole('heading', { name: 'New task' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Duration (min)').value).toBe('120');
    expect(screen.getByLabelText<HTMLSelectElement>('Asset').value).toBe('v2');
  });

  it('never starts a range for a viewer, on a row background or on the body', async () => {
    setup(smallBoard('viewer'));
    await screen.findByRole('button', { name: /Fuel run/ });
    for (const el of [document.querySelector('.body .row-bg') as HTMLElement, document.querySelector('.body') as HTMLElement]) {
      await fireEvent.pointerDown(el, { button: 0, pointerId: 9, clientX: 600, clientY: 140 });
      await fireEvent.pointerMove(window, { pointerId: 9, clientX: 722, clientY: 140 });
      expect(document.querySelector('.range')).toBeNull();
      await fireEvent.pointerUp(window, { pointerId: 9, clientX: 722, clientY: 140 });
    }
    expect(screen.queryByRole('heading', { name: 'New task' })).toBeNull();
  });

  it('says what to do when the board is unknown', async () => {
    mockFetch({ 'GET /api/boards/board-1': () => ({ status: 404, body: { error: { code: 'not_found', message: 'Not found' } } }) });
    const session = new Session();
    session.status = 'authenticated';
    render(BoardPage, { props: { boardId: 'board-1', clock: () => NOW, socket: null }, context: appContextMap({ session, router: new Router() }) });
    expect(await screen.findByText('Board not found')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to your boards' })).toBeTruthy();
  });
});
