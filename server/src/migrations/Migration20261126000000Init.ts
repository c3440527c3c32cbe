import { Migration } from '@mikro-orm/migrations';

export class Migration20261126000000Init extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists btree_gist');
    this.addSql(`create table "board" ("id" uuid not null, "name" varchar(200) not null, "timezone" varchar(64) not null, "horizon_days" int not null default 14, "last_seq" bigint not null default 0, "created_at" timestamptz not null, constraint "board_pkey" primary key ("id"), constraint board_horizon_days_check check (horizon_days >= 1 and horizon_days <= 90))`);
    this.addSql(`create table "asset" ("id" uuid not null, "board_id" uuid not null, "code" varchar(40) not null, "name" varchar(200) not null, "kind" text check ("kind" in ('person', 'vehicle', 'equipment', 'checkpoint', 'site')) not null, "status" text check ("status" in ('working', 'standby', 'maintenance', 'scrapped')) not null default 'working', "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "asset_pkey" primary key ("id"))`);
    this.addSql(`alter table "asset" add constraint "asset_board_code_unique" unique ("board_id", "code")`);
    this.addSql(`create table "board_event" ("board_id" uuid not null, "seq" bigint not null, "type" varchar(40) not null, "at" timestamptz not null, "actor_id" uuid null, "actor_name" varchar(100) null, "data" jsonb not null, constraint "board_event_pkey" primary key ("board_id", "seq"))`);
    this.addSql(`create table "app_user" ("id" uuid not null, "username" varchar(40) not null, "display_name" varchar(100) not null, "password_hash" text not null, "is_admin" boolean not null default false, "created_at" timestamptz not null, constraint "app_user_pkey" primary key ("id"))`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username")`);
    this.addSql(`create table "app_session" ("id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "app_session_pkey" primary key ("id"))`);
    this.addSql(`create index "app_session_user_id_index" on "app_session" ("user_id")`);
    this.addSql(`alter table "app_session" add constraint "app_session_token_hash_unique" unique ("token_hash")`);
    this.addSql(`create table "membership" ("id" uuid not null, "board_id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('viewer', 'planner', 'supervisor')) not null, "created_at" timestamptz not null, constraint "membership_pkey" primary key ("id"))`);
    this.addSql(`create index "membership_user_id_index" on "membership" ("user_id")`);
    this.addSql(`alter table "membership" add constraint "membership_board_user_unique" unique ("board_id", "user_id")`);
    this.addSql(`alter table "asset" add constraint "asset_board_id_foreign" foreign key ("board_id") references "board" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "board_event" add constraint "board_event_board_id_foreign" foreign key ("board_id") references "board" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "app_session" add constraint "app_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "membership" add constraint "membership_board_id_foreign" foreign key ("board_id") references "board" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "membership" add constraint "membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade`);
  }
}
