import type { Hono } from 'hono';
import type { AppConfig } from '../config';
import { EventBus } from '../events/event-bus';
import type { AppEnv } from '../http/types';
import type { SchedulingServices } from '../scheduling/scheduling-services';
import { AssetService } from './asset.service';
import { AuthService } from './auth.service';
import { BoardService } from './board.service';

export interface Services {
  bus: EventBus;
  auth: AuthService;
  boards: BoardService;
  assets: AssetService;
  /** Route groups contributed by feature modules (scheduling, preview), mounted under /api. */
  routeMounts: (() => Hono<AppEnv>)[];
  /** Jobs, occurrences, conflicts, preview, idempotency: added by the scheduling plugin. */
  scheduling?: SchedulingServices;
}

export function createServices(config: Pick<AppConfig, 'sessionTtlMs'>): Services {
  const bus = new EventBus();
  return {
    bus,
    auth: new AuthService(config.sessionTtlMs),
    boards: new BoardService(bus),
    assets: new AssetService(bus),
    routeMounts: [],
  };
}
