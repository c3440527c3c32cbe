import { Migration } from '@mikro-orm/migrations';

/** Account administration (issue 15): disabled accounts, and the device of each session. */
export class Migration20261203000000UserSessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "disabled_at" timestamptz null`);
    this.addSql(`alter table "app_session" add column "user_agent" varchar(200) not null default ''`);
  }
}
