import { Migration } from '@mikro-orm/migrations';

/** Undo/redo history: one row per change of a user on a board (last 100 kept per user and board). */
export class Migration20261204000000ChangeHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "change_history" ("change_id" uuid not null, "user_id" uuid not null, "board_id" uuid not null, "pos" bigint not null, "summary" varchar(300) not null, "at" timestamptz not null, "undone" boolean not null default false, "items" jsonb not null, constraint "change_history_pkey" primary key ("change_id"))`);
    // Entry order across concurrent transactions (a newer change always sorts above an older undo).
    this.addSql(`create sequence "change_history_pos_seq"`);
    this.addSql(`create index "change_history_board_id_index" on "change_history" ("board_id")`);
    this.addSql(`alter table "change_history" add constraint "change_history_user_board_pos_unique" unique ("user_id", "board_id", "pos")`);
    this.addSql(`alter table "change_history" add constraint "change_history_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "change_history" add constraint "change_history_board_id_foreign" foreign key ("board_id") references "board" ("id") on update cascade on delete cascade`);
  }
}
