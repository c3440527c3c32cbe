import { Migration } from '@mikro-orm/migrations';

/**
 * The conflict desk: a rejected create stored no job, so the record itself keeps the job's name and
 * kind (the desk groups repeated attempts by them). Older rejected rows get them from their attempt.
 */
export class Migration20261205000000ConflictDesk extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "conflict_record" add column "job_name" varchar(200) null, add column "job_kind" varchar(20) null`);
    this.addSql(
      `update "conflict_record" set "job_name" = left("details"->'attempt'->>'name', 200), "job_kind" = left("details"->'attempt'->>'kind', 20) where "kind" = 'rejected' and "details"->'attempt' ? 'name'`,
    );
    this.addSql(`update "conflict_record" c set "job_name" = j."name", "job_kind" = j."kind" from "job" j where c."job_id" = j."id" and c."job_name" is null`);
  }
}
