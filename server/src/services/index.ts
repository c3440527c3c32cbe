import type { Hono } from 'hono';
import type { AppConfig } from '../config';
import { EventBus } from '../events/event-bus';
import type { AppEnv } from '../http/types';
import type { IntegrationServices } from '../integrations/integrations.plugin';
import { createMetrics, type Metrics } from '../observability/metrics';
import type { SchedulingServices } from '../scheduling/scheduling-services';
import { AccountService } from './account.service';
import { AssetService } from './asset.service';
import { AuthService } from './auth.service';
import { BoardService } from './board.service';
import { UserService } from './user.service';

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
  /** Route groups contributed by feature modules (scheduling, preview), mounted under /api. */
  routeMounts: (() => Hono<AppEnv>)[];
  /** Jobs, occurrences, conflicts, preview, idempotency: added by the scheduling plugin. */
  scheduling?: SchedulingServices;
  /** iCal feeds and CSV import/export: added by the integrations plugin. */
  integrations?: IntegrationServices;
}

export function createServices(config: Pick<AppConfig, 'sessionTtlMs'>): Services {
  const bus = new EventBus();
  const metrics = createMetrics();
  // Counted from committed events: a conflict opened in a transaction that then rolled back never happened.
  bus.subscribe((events) => {
    for (const e of events) {
      if (e.type === 'conflict.opened') metrics.conflictOpened((e.data as { kind: 'rejected' | 'overlap' }).kind);
    }
  });
  const auth = new AuthService(config.sessionTtlMs, metrics);
  return {
    bus,
    metrics,
    auth,
    users: new UserService(auth),
    account: new AccountService(auth),
    boards: new BoardService(bus),
    assets: new AssetService(bus),
    routeMounts: [],
  };
}
