import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000Init } from './Migration20261126000000Init';
import { Migration20261127000000Scheduling } from './Migration20261127000000Scheduling';
import { Migration20261201000000CalendarFeeds } from './Migration20261201000000CalendarFeeds';
import { Migration20261202000000BoardSettings } from './Migration20261202000000BoardSettings';
import { Migration20261203000000UserSessions } from './Migration20261203000000UserSessions';
import { Migration20261204000000ChangeHistory } from './Migration20261204000000ChangeHistory';
import { Migration20261205000000ConflictDesk } from './Migration20261205000000ConflictDesk';

/** Every migration, in order. Listed explicitly so tsx, Vitest and bundlers need no file globbing. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126000000Init', class: Migration20261126000000Init },
  { name: 'Migration20261127000000Scheduling', class: Migration20261127000000Scheduling },
  { name: 'Migration20261201000000CalendarFeeds', class: Migration20261201000000CalendarFeeds },
  { name: 'Migration20261202000000BoardSettings', class: Migration20261202000000BoardSettings },
  { name: 'Migration20261203000000UserSessions', class: Migration20261203000000UserSessions },
  { name: 'Migration20261204000000ChangeHistory', class: Migration20261204000000ChangeHistory },
  { name: 'Migration20261205000000ConflictDesk', class: Migration20261205000000ConflictDesk },
];
