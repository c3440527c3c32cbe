import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config';
import { EventBus } from '../events/event-bus';
import { createIntegrationServices, type IntegrationServices } from '../integrations/integration-services';
import { createMetrics, type Metrics } from '../observability/metrics';
import { createSchedulingServices, type SchedulingServices } from '../scheduling/scheduling-services';
import { AccountService } from './account.service';
import { AssetService } from './asset.service';
import { AuthService } from './auth.service';
import { BoardService } from './board.service';
import { UserService } from './user.service';
import { nextFromOf, occurrencePart } from './snapshot-occurrences';
import { RawJson } from './snapshot-cache';
import { JOB_EVENTS, SnapshotRowCache } from './snapshot-rows';

export interface Services {
  bus: EventBus;
  /** This server's metrics (its own registry). */
  metrics: Metrics;
  auth: AuthService;
  /** Admin: accounts and their sessions. */
  users: UserService;
  /** The caller's own password and sessions. */
  account: AccountService;
  boards: BoardService;
  assets: AssetService;
  /** Jobs, occurrences, conflicts, preview, idempotency, undo and the horizon worker. */
  scheduling: SchedulingServices;
  /** iCal feeds and CSV import/export. */
  integrations: IntegrationServices;
}

/**
 * Every service of one server, wired in one place: no registry, no module-level state, so two servers
 * in one process (tests, the cluster benchmark) share nothing. `startServer` calls it once; the routes
 * (`app.ts`) and the realtime hub get the result.
 */
export function createServices(config: Pick<AppConfig, 'sessionTtlMs' | 'snapshotOccurrenceLimit'>, orm: MikroORM): Services {
  const bus = new EventBus();
  const metrics = createMetrics();
  // Counted from committed events: a conflict opened in a transaction that then rolled back never happened.
  bus.subscribe((events) => {
    for (const e of events) {
      if (e.type === 'conflict.opened') metrics.conflictOpened(e.data.kind);
    }
  });
  const auth = new AuthService(config.sessionTtlMs, metrics);
  const scheduling = createSchedulingServices({ bus, orm, metrics });
  const boards = new BoardService(bus);
  // A board's occurrence rows are kept per range and updated from its event log (snapshot-rows.ts).
  const snapshotRows = new SnapshotRowCache({ limit: config.snapshotOccurrenceLimit });
  boards.addSnapshotPart(async (ctx, boardId, from, to, encoding, { raw, firstAssetIds }) => {
    // A first view reads its few rows afresh: only the whole range's rows are kept and updated.
    const rows = firstAssetIds ? await snapshotRows.firstView(ctx.em, boardId, from, to, firstAssetIds) : await snapshotRows.rows(ctx.em, boardId, from, to);
    // The jobs too are kept until a job event (as serialized once when answering from the cache).
    const jobs = await snapshotRows.part(ctx.em, boardId, rows.seq, 'jobs', JOB_EVENTS, async () => {
      const list = await scheduling.jobs.jobsOf(ctx.em, boardId);
      return { list, json: new RawJson(Buffer.from(JSON.stringify(list))) };
    });
    const nextFrom = nextFromOf(rows);
    return {
      jobs: raw ? jobs.json : structuredClone(jobs.list),
      ...(await occurrencePart(rows, boardId, encoding, raw)),
      conflicts: await scheduling.conflicts.openOf(ctx.em, boardId),
      // Cut at the row limit: say so, and where the rest starts (BoardSnapshot.nextFrom).
      ...(nextFrom ? { nextFrom } : {}),
    };
  });
  return {
    bus,
    metrics,
    auth,
    users: new UserService(auth),
    account: new AccountService(auth),
    boards,
    assets: new AssetService(bus),
    scheduling,
    integrations: createIntegrationServices(bus, scheduling.clock),
  };
}
