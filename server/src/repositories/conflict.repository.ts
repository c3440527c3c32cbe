/** The conflict log: rejected attempts, overlaps and their resolution. */

/** The conflict log row of a rejected attempt (its own transaction, after the rollback). */
export const INSERT_REJECTED_SQL = `insert into conflict_record (id, board_id, kind, status, asset_id, starts_at, ends_at, job_id, occurrence_ids, details, actor_id, actor_name, created_at, job_name, job_kind)
  values (gen_random_uuid(), ?, 'rejected', 'open', ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, now(), ?, ?) returning *`;

