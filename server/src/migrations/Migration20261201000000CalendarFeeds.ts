import { Migration } from '@mikro-orm/migrations';

/** Personal iCal feeds: one row per feed URL, keyed by the sha256 of its token. */
export class Migration20261201000000CalendarFeeds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "calendar_feed" ("id" uuid not null, "board_id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "asset_ids" jsonb null, "created_at" timestamptz not null, constraint "calendar_feed_pkey" primary key ("id"))`);
    this.addSql(`create index "calendar_feed_user_id_index" on "calendar_feed" ("user_id")`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_token_hash_unique" unique ("token_hash")`);
    this.addSql(`create index "calendar_feed_board_user_index" on "calendar_feed" ("board_id", "user_id")`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_board_id_foreign" foreign key ("board_id") references "board" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "calendar_feed" add constraint "calendar_feed_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade`);
  }
}
