import type { EventBus } from '../events/event-bus';
import type { Clock } from '../services/clock';
import { CsvService } from '../services/csv.service';
import { FeedService } from '../services/feed.service';

/** iCal feeds and CSV import/export (as `services.integrations`). */
export interface IntegrationServices {
  feeds: FeedService;
  csv: CsvService;
}

/** `clock` is the scheduling clock: the feeds read "now" from it, which tests pin. */
export function createIntegrationServices(bus: EventBus, clock: Clock): IntegrationServices {
  return { feeds: new FeedService(clock), csv: new CsvService(bus) };
}
