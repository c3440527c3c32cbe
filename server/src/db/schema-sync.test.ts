import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '../testing/test-db';
import { initOrm, migrate } from './orm';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('sync');
  orm = await initOrm(db.url);
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

it('the committed migrations produce exactly the schema the entities describe', async () => {
  await migrate(orm);
  const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  expect(diff.trim(), `entities and migrations disagree; a new migration needs:\n${diff}`).toBe('');
});

it('running the migrations again changes nothing', async () => {
  const applied = await orm.getMigrator().up();
  expect(applied).toEqual([]);
});
