import { csvRoutes } from '../routes/csv.routes';
import { feedRoutes } from '../routes/feed.routes';
import { plugins } from '../server';
import { CsvService } from '../services/csv.service';
import { FeedService } from '../services/feed.service';

/** What the integrations module adds to `Services` (as `services.integrations`). */
export interface IntegrationServices {
  feeds: FeedService;
  csv: CsvService;
}

// Registers after scheduling (see plugins.ts): the feeds read "now" from the scheduling clock, which tests pin.
plugins.push({
  name: 'integrations',
  register(services, _orm, config) {
    const clock = services.scheduling?.clock;
    if (!clock) throw new Error('the integrations plugin needs the scheduling plugin registered first');
    const integrations: IntegrationServices = { feeds: new FeedService(clock), csv: new CsvService(services.bus) };
    services.integrations = integrations;
    services.routeMounts.push(
      () => feedRoutes(integrations.feeds, config.trustProxy),
      () => csvRoutes(integrations.csv),
    );
  },
});
