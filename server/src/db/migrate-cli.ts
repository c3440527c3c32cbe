import { loadConfig } from '../config';
import { EmbeddedPostgres } from './embedded';
import { initOrm, migrate } from './orm';

const config = loadConfig();
const embedded = config.databaseUrl ? undefined : new EmbeddedPostgres({ dir: config.embeddedPgDir, port: config.embeddedPgPort, database: 'schedhuler' });
const url = config.databaseUrl ?? (await embedded!.start());
const orm = await initOrm(url);
const done = await migrate(orm);
console.log(done.length ? `applied: ${done.join(', ')}` : 'database is up to date');
await orm.close();
await embedded?.stop();
