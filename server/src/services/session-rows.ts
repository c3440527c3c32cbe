import type { EntityManager } from '@mikro-orm/postgresql';
import { describeUserAgent, type SessionDto } from '@schedhuler/shared';

/** A user's live sessions (not ended, not expired), the most recently used first. */
export async function listSessionsOf(em: EntityManager, userId: string, currentTokenHash: string | null): Promise<SessionDto[]> {
  const rows = await em.execute<{ id: string; token_hash: string; user_agent: string; created_at: Date; last_seen_at: Date; expires_at: Date }[]>(
    `select id, token_hash, user_agent, created_at, last_seen_at, expires_at from app_session
      where user_id = ? and revoked_at is null and expires_at > now()
      order by last_seen_at desc, created_at desc`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id,
    device: describeUserAgent(r.user_agent),
    userAgent: r.user_agent,
    createdAt: new Date(r.created_at).toISOString(),
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    current: r.token_hash === currentTokenHash,
  }));
}
