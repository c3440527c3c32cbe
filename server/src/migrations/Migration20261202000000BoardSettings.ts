import { Migration } from '@mikro-orm/migrations';

/** Board settings (issue 15): working hours, a version for compare-and-set edits, case-insensitively unique names. */
export class Migration20261202000000BoardSettings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "board" add column "working_hours" jsonb not null default '{"days":[1,2,3,4,5],"start":"07:00","end":"19:00"}', add column "version" int not null default 1`);
    // Older databases may hold two boards whose names differ only in case: suffix the later ones so the index can be built.
    this.addSql(`update "board" b set "name" = left(b."name", 190) || ' (' || d.n || ')'
      from (select "id", row_number() over (partition by lower("name") order by "created_at", "id") - 1 as n from "board") d
      where d."id" = b."id" and d.n > 0`);
    this.addSql(`create unique index "board_name_lower_unique" on "board" (lower("name"))`);
  }
}
