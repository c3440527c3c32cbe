import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventActor } from '@schedhuler/shared';
import { pgArray } from './scheduling-rows';

/**
 * Adds `updatedBy` (who created or last changed each occurrence) from the board's event log, for the
 * board's tooltips. One query for the whole snapshot: the newest occurrence event per id.
 */
export async function withLastChange<T extends { id: string }>(em: EntityManager, boardId: string, occurrences: readonly T[]): Promise<(T & { updatedBy: EventActor | null })[]> {
  if (occurrences.length === 0) return [];
  const rows = await em.execute<{ id: string; actor_id: string | null; actor_name: string | null }[]>(
    `select distinct on (data->>'id') data->>'id' as id, actor_id, actor_name from board_event
      where board_id = ? and type in ('occurrence.created', 'occurrence.updated', 'occurrence.cancelled') and data->>'id' = any(?::text[])
      order by data->>'id', seq desc`,
    [boardId, pgArray(occurrences.map((o) => o.id))],
  );
  const by = new Map(rows.map((r) => [r.id, r.actor_id ? { id: r.actor_id, displayName: r.actor_name ?? '' } : null]));
  return occurrences.map((o) => ({ ...o, updatedBy: by.get(o.id) ?? null }));
}
