import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import type { ConflictDto, JobWithOccurrences } from '@schedhuler/shared';
import { openLive, startBoardFixture, type BoardFixture } from './board-fixture';
import {
  block,
  browserTestsEnabled,
  connectionState,
  cspViolationsSeen,
  DEMO_ZONE,
  INSTANTS,
  login,
  networkSwitch,
  openAs,
  screenshot,
  zonedIso,
  type CreatedTask,
  type NetworkSwitch,
  type Session,
} from './harness';

const enabled = browserTestsEnabled();

/** A weekday evening; every scenario looks at the next day (Friday), where nothing has started yet. */
const AT = INSTANTS.weekdayEvening;
const DAY = AT.day;
const at = (hm: string) => zonedIso(DAY, hm, DEMO_ZONE);

const isPatch = (r: Response) => r.request().method() === 'PATCH' && r.url().includes('/api/occurrences/');

async function moveByKeyboard(page: Page, jobName: string, presses: number, beforeSave?: () => Promise<void>): Promise<Response> {
  await block(page, jobName).focus();
  for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowRight');
  await beforeSave?.();
  const saved = page.waitForResponse(isPatch);
  await page.keyboard.press('Enter');
  return saved;
}

describe.runIf(enabled)(`the shared board with three planners in Chromium at ${AT.label} (issue 6, item 8)`, () => {
  let f: BoardFixture;
  let a: Session; // planner1, Ana
  let b: Session; // planner2, Ben
  let sup: Session; // supervisor, Sam
  let aNet: NetworkSwitch;
  const fx: Record<string, CreatedTask> = {};

  beforeAll(async () => {
    f = await startBoardFixture(AT, 'brboard');
    const { task } = f;
    fx.dragMe = await task('Drag me', 'VAN-2', '02:00', 60);
    fx.blocker = await task('Blocker', 'VAN-2', '04:00', 60);
    fx.keyMove = await task('Key move', 'G-03', '01:00', 30);
    fx.overlapBase = await task('Overlap base', 'G-01', '05:00', 60);
    fx.offlineMove = await task('Offline move', 'VAN-1', '01:00', 60);
    a = await openAs(f.browser, f.t);
    aNet = await networkSwitch(a.context); // before A's page opens its socket
    await login(a.page, 'planner1');
    b = await openAs(f.browser, f.t, 'planner2');
    sup = await openAs(f.browser, f.t, 'supervisor');
    await openLive([a, b, sup], DAY, 'Drag me');
  });

  afterAll(() => f?.close());

  it('A creates a recurring task in the side panel, the preview follows the typing, B sees it within 1 s', async () => {
    await a.page.getByRole('button', { name: '+ New' }).click();
    const panel = a.page.getByRole('complementary', { name: 'New task' });
    await panel.getByLabel('Name', { exact: true }).fill('Nightly scanner sync');
    await panel.getByLabel('Asset', { exact: true }).selectOption({ label: 'SCN-1 · Handheld scanner' });
    await panel.getByLabel('Duration (min)').fill('30');
    const cron = panel.getByLabel('Schedule (cron)');
    const preview = panel.getByRole('region', { name: 'Schedule preview' });

    await cron.fill('');
    await cron.pressSequentially('0 6 * * *');
    await expect.poll(() => preview.textContent()).toContain('At 06:00');
    expect(await preview.getByRole('listitem').count()).toBe(10);

    // Half-typed: four fields so far. The preview says so at once and the field names the problem.
    await cron.fill('');
    await cron.pressSequentially('15 3 * * ');
    await expect.poll(() => preview.textContent()).toContain('No preview: fix the schedule first.');
    expect(await panel.getByText(/cron has 4 fields, expected 5/).count()).toBe(1);
    await screenshot(a.page, 'board-01a-preview-half-typed');

    await cron.press('*');
    await expect.poll(() => preview.textContent()).toContain('At 03:15');
    const runs = await preview.getByRole('listitem').allTextContents();
    expect(runs).toHaveLength(10);
    for (const run of runs) expect(run).toContain('03:15');
    // The server's per-run conflict marks arrive (debounced): the scanner is free at every run.
    await expect.poll(() => preview.getByText('Free', { exact: true }).count(), { timeout: 5_000 }).toBe(10);
    await screenshot(a.page, 'board-01b-preview-complete');

    const created = a.page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/boards\/[^/]+\/tasks$/.test(r.url()));
    const bBlock = b.page.getByRole('button', { name: 'Nightly scanner sync 03:15–03:45, Task, SCN-1 Handheld scanner', exact: true });
    const bSaw = bBlock.waitFor({ timeout: 10_000 }).then(() => Date.now());
    await panel.getByRole('button', { name: 'Create task' }).click();
    const res = await created;
    const committedAt = Date.now();
    expect(res.status()).toBe(201);
    const latency = (await bSaw) - committedAt;
    console.info(`B saw the new task ${latency} ms after A's 201 arrived`);
    expect(latency).toBeLessThanOrEqual(1_000);
    await expect.poll(() => panel.count()).toBe(0); // the panel closes after saving
    expect(await block(a.page, 'Nightly scanner sync').count()).toBe(1);
    await screenshot(b.page, 'board-01c-b-sees-new-task');
  });

  it('B drags an occurrence onto a booked slot: it is rolled back and the hint is shown', async () => {
    const dragMe = block(b.page, 'Drag me');
    const from = (await dragMe.boundingBox())!;
    const target = (await block(b.page, 'Blocker').boundingBox())!;
    const x = from.x + from.width / 2;
    const y = from.y + from.height / 2;
    await b.page.mouse.move(x, y);
    await b.page.mouse.down();
    await b.page.mouse.move(x + (target.x - from.x), y, { steps: 12 });
    await expect.poll(() => dragMe.getAttribute('aria-label')).toContain('04:00–05:00');
    await screenshot(b.page, 'board-02a-b-dragging');
    const answer = b.page.waitForResponse(isPatch);
    await b.page.mouse.up();
    expect((await answer).status()).toBe(409);

    const hint = b.page.getByRole('alert').filter({ hasText: 'is booked by Blocker' });
    await expect.poll(() => hint.textContent(), { timeout: 5_000 }).toMatch(/Van 2 \(Mercedes Sprinter\) is booked by Blocker \(04:00–05:00\)\. .*is free \d\d:\d\d–\d\d:\d\d — move there\?/);
    await expect.poll(async () => (await dragMe.boundingBox())?.x).toBe(from.x);
    expect(await dragMe.getAttribute('aria-label')).toBe('Drag me 02:00–03:00, Task, VAN-2 Van 2 (Mercedes Sprinter)');
    const stored = await b.page.request.get(`/api/jobs/${fx.dragMe!.jobId}`);
    const body = (await stored.json()) as JobWithOccurrences;
    expect(Date.parse(body.occurrences[0]!.startsAt)).toBe(Date.parse(at('02:00')));
    await screenshot(b.page, 'board-02b-b-rolled-back-with-hint');
  });

  it('the rejected attempt leaves the occurrence that blocked it as it is: booked, not conflicted', async () => {
    // Nothing was stored and the server keeps Blocker "scheduled"; only double bookings are conflicted.
    const stored = await b.page.request.get(`/api/jobs/${fx.blocker!.jobId}`);
    expect(((await stored.json()) as JobWithOccurrences).occurrences[0]!.status).toBe('scheduled');
    for (const s of [b, sup]) expect(await block(s.page, 'Blocker').getAttribute('aria-label')).toBe('Blocker 04:00–05:00, Task, VAN-2 Van 2 (Mercedes Sprinter)');
  });

  it('A moves an occurrence by keyboard (focus, arrows, Enter): the others see the ghost while A chooses, then the server has it', async () => {
    const ghost = b.page.locator('.ghost', { hasText: 'Ana Planner · Key move' });
    const saved = await moveByKeyboard(a.page, 'Key move', 3, async () => {
      // Before Enter nothing is saved, yet B sees where A is about to put it (A's colour and name).
      await expect.poll(() => ghost.count(), { timeout: 3_000 }).toBe(1);
      const ghostBox = (await ghost.boundingBox())!;
      const original = (await block(b.page, 'Key move').boundingBox())!;
      expect(ghostBox.x).toBeGreaterThan(original.x);
      await screenshot(b.page, 'board-03a-b-sees-keyboard-ghost');
    }); // 3 × 5 min snap
    expect(saved.status()).toBe(200);
    await expect.poll(() => ghost.count(), { timeout: 3_000 }).toBe(0);
    const stored = await a.page.request.get(`/api/jobs/${fx.keyMove!.jobId}`);
    expect(stored.status()).toBe(200);
    const occ = ((await stored.json()) as JobWithOccurrences).occurrences[0]!;
    expect(Date.parse(occ.startsAt)).toBe(Date.parse(at('01:15')));
    expect(Date.parse(occ.endsAt)).toBe(Date.parse(at('01:45')));
    expect(occ.detached).toBe(true);
    expect(await block(a.page, 'Key move').getAttribute('aria-label')).toContain('01:15–01:45');
    // …and B's board follows live.
    await expect.poll(() => block(b.page, 'Key move').getAttribute('aria-label'), { timeout: 3_000 }).toContain('01:15–01:45');
    await screenshot(a.page, 'board-03b-a-moved-by-keyboard');
  });

  it('the supervisor sees the rejected attempt in the feed and resolves an allowConflict overlap', async () => {
    const feed = sup.page.getByRole('complementary', { name: /^Conflicts/ });
    const rejected = feed.getByRole('listitem').filter({ hasText: 'Ben Planner tried to book Drag me' });
    await expect.poll(() => rejected.textContent(), { timeout: 5_000 }).toMatch(/Rejected.*Van 2 \(Mercedes Sprinter\).*Blocked by Blocker \(04:00–05:00\)\. Nothing was stored\./);
    await screenshot(sup.page, 'board-04a-supervisor-sees-rejected-attempt');

    const extra = await f.task('Overlap extra', 'G-01', '05:30', 60, { allowConflict: true });
    expect(extra.status).toBe('conflicted');
    const overlap = feed.getByRole('listitem').filter({ hasText: 'is double-booked' });
    await expect.poll(() => overlap.textContent(), { timeout: 5_000 }).toMatch(/Anna Berger \(guard\) \(G-01\) is double-booked.*booked anyway by Ana Planner/);
    await expect.poll(() => block(sup.page, 'Overlap extra').getAttribute('aria-label')).toMatch(/, conflicted$/);
    await screenshot(sup.page, 'board-04b-supervisor-sees-overlap');

    const resolved = sup.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/resolve'));
    await overlap.getByRole('button', { name: 'Cancel Overlap extra 05:30' }).click();
    expect((await resolved).status()).toBe(200);
    await expect.poll(() => overlap.count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => block(sup.page, 'Overlap extra').count()).toBe(0);
    await expect.poll(() => block(a.page, 'Overlap extra').count(), { timeout: 3_000 }).toBe(0); // live for the others
    expect(await block(sup.page, 'Overlap base').count()).toBe(1);

    const list = await sup.page.request.get(`/api/boards/${f.board.boardId}/conflicts?status=resolved`);
    const done = ((await list.json()) as { conflicts: ConflictDto[] }).conflicts.find((c) => c.kind === 'overlap' && c.occurrenceIds.includes(extra.occurrenceId));
    expect(done?.resolution).toMatchObject({ action: 'cancel', occurrenceId: extra.occurrenceId });
    expect(done?.resolvedBy?.displayName).toBe('Sam Supervisor');
    await screenshot(sup.page, 'board-04c-supervisor-resolved-overlap');
  });

  it('A goes offline while B edits, then catches up on reconnect without a reload', async () => {
    await a.page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    await aNet.goOffline();
    await expect.poll(() => connectionState(a.page).textContent(), { timeout: 5_000 }).toBe('Reconnecting…');
    await screenshot(a.page, 'board-05a-a-offline');

    expect((await moveByKeyboard(b.page, 'Offline move', 6)).status()).toBe(200); // +30 min
    expect(await block(b.page, 'Offline move').getAttribute('aria-label')).toContain('01:30–02:30');
    // A really is cut off: the change has not reached it.
    expect(await block(a.page, 'Offline move').getAttribute('aria-label')).toContain('01:00–02:00');

    await aNet.goOnline();
    await expect.poll(() => block(a.page, 'Offline move').getAttribute('aria-label'), { timeout: 20_000 }).toContain('01:30–02:30');
    await expect.poll(() => connectionState(a.page).textContent(), { timeout: 5_000 }).toMatch(/^(Resynced|Live)$/);
    await screenshot(a.page, 'board-05b-a-caught-up');
    await expect.poll(() => connectionState(a.page).textContent(), { timeout: 10_000 }).toBe('Live');
    expect(await a.page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    // Still live after the resync: another change by B reaches A directly.
    expect((await moveByKeyboard(b.page, 'Offline move', 2)).status()).toBe(200);
    await expect.poll(() => block(a.page, 'Offline move').getAttribute('aria-label'), { timeout: 3_000 }).toContain('01:40–02:40');
  });

  it("the indicator stops saying 'Live' when the browser reports it is offline", async () => {
    // Chromium's offline emulation alone keeps an open WebSocket and only holds its frames back, like a
    // network that went away without closing the TCP connection; the browser does fire `offline`.
    await a.context.setOffline(true);
    try {
      expect(await a.page.evaluate(() => navigator.onLine)).toBe(false);
      await expect.poll(() => connectionState(a.page).textContent(), { timeout: 5_000 }).not.toBe('Live');
    } finally {
      await screenshot(a.page, 'board-06-a-browser-offline');
      await a.context.setOffline(false);
    }
  });

  it('nobody saw a console error', () => {
    // The browser logs every non-2xx response; B's rejected drag is the one expected.
    for (const s of [a, b, sup]) expect(s.consoleErrors.filter((e) => !/status of 409 \(Conflict\)/.test(e))).toEqual([]);
    expect(b.consoleErrors.filter((e) => /status of 409/.test(e))).toHaveLength(1);
  });

  it('the Content-Security-Policy blocked nothing in any page', () => {
    expect(cspViolationsSeen()).toEqual([]);
  });
});
