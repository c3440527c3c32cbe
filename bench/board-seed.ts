import pg from 'pg';

/**
 * Fills the demo board up to `assets` assets and exactly `occurrences` occurrences overlapping today
 * in `zone`, with SQL after the server seeded the demo (the way bench/board.bench.ts seeds its 10,000):
 * one one-off task per bench asset (no cron, so the horizon worker leaves them alone), then its runs
 * side by side in the day without overlaps.
 */
export async function seedBoard(databaseUrl: string, opts: { assets: number; occurrences: number; zone: string }): Promise<{ boardId: string; inRange: number; day: { s: Date; e: Date } }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const board = (await db.query<{ id: string }>(`select id from board where name = 'Demo depot'`)).rows[0];
    if (!board) throw new Error('the demo board is missing');
    const boardId = board.id;
    const day = (
      await db.query<{ s: Date; e: Date }>(
        `select (date_trunc('day', now() at time zone $1)) at time zone $1 as s, (date_trunc('day', now() at time zone $1) + interval '1 day') at time zone $1 as e`,
        [opts.zone],
      )
    ).rows[0]!;
    const countInRange = async () =>
      Number((await db.query<{ n: string }>(`select count(*) as n from occurrence where board_id = $1 and status <> 'cancelled' and starts_at < $3 and ends_at > $2`, [boardId, day.s, day.e])).rows[0]!.n);
    await db.query('begin');
    await db.query(
      `insert into asset (id, board_id, code, name, kind, status, version, created_at, updated_at)
       select gen_random_uuid(), $1, 'B-' || lpad(n::text, 3, '0'), (array['Guard', 'Van', 'Tool'])[n % 3 + 1] || ' ' || n,
              (array['person', 'vehicle', 'equipment'])[n % 3 + 1], 'working', 1, now(), now()
         from generate_series(1, $2 - (select count(*) from asset where board_id = $1)::int) n`,
      [boardId, opts.assets],
    );
    await db.query(
      `insert into job (id, board_id, kind, name, asset_id, cron, timezone, valid_from, starts_at, plan_duration_min, natural_key, created_at, updated_at)
       select gen_random_uuid(), $1, 'task', 'Bench ' || a.code, a.id, null, $2, $3, $3, 20, 'bench-' || a.code, now(), now()
         from asset a where a.board_id = $1 and a.code like 'B-%'`,
      [boardId, opts.zone, day.s],
    );
    const wanted = opts.occurrences - (await countInRange());
    const jobs = Number((await db.query<{ n: string }>(`select count(*) as n from job where board_id = $1 and natural_key like 'bench-%'`, [boardId])).rows[0]!.n);
    const perJob = Math.ceil(wanted / jobs);
    const slotMin = Math.floor((day.e.getTime() - day.s.getTime()) / 60_000 / perJob);
    if (slotMin < 8) throw new Error(`too many occurrences per asset (${perJob}) for one day`);
    // Slot i of job k starts at i × slot (+ k mod 5 min, so rows do not line up) and lasts slot − 5 min: no overlaps.
    await db.query(
      `insert into occurrence (id, board_id, job_id, asset_id, planned_start, starts_at, ends_at, status, detached, version, created_at, updated_at)
       select gen_random_uuid(), $1, j.id, j.asset_id, t, t, t + make_interval(mins => $4 - 5), 'scheduled', false, 1, now(), now()
         from (select id, asset_id, row_number() over (order by natural_key) - 1 as k from job where board_id = $1 and natural_key like 'bench-%') j
         cross join lateral generate_series(0, $3 - 1) i
         cross join lateral (select $2::timestamptz + make_interval(mins => i * $4 + (j.k % 5)::int) as t) s
        where j.k * $3 + i < $5`,
      [boardId, day.s, perJob, slotMin, wanted],
    );
    await db.query('commit');
    await db.query('analyze');
    return { boardId, inRange: await countInRange(), day };
  } catch (e) {
    await db.query('rollback').catch(() => {});
    throw e;
  } finally {
    await db.end();
  }
}
