import type { EntityManager } from '@mikro-orm/postgresql';
import { describeUserAgent, type SessionDto } from '@schedhuler/shared';
import { findLiveSessionsOf } from '../repositories/session.repository';

/** A user's live sessions (not ended, not expired), the most recently used first. */
export async function listSessionsOf(em: EntityManager, userId: string, currentTokenHash: string | null): Promise<SessionDto[]> {
  const rows = await findLiveSessionsOf(em, userId);
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
