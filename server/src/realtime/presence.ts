import { presenceColorFor, type EffectiveRole } from '@schedhuler/shared';
import type { PresenceCursor, PresenceUser } from '@schedhuler/shared/socket';
import { forbidden } from '../errors';

export type { PresenceCursor, PresenceUser };

/** `undefined` leaves a field as it is, `null` clears it. */
export interface PresencePatch {
  cursor?: PresenceCursor | null;
  selection?: string[] | null;
  editing?: string | null;
}

/** What one node tells the others about its local users of a board. */
export interface PresenceNodeMessage {
  nodeId: string;
  boardId: string;
  users: (PresenceUser & { at: number })[];
}

export interface PresenceOptions {
  nodeId: string;
  /** Sends the merged state to this node's sockets on the board. */
  deliver(boardId: string, users: PresenceUser[]): void;
  /** Sends this node's local users of a board to the other nodes. */
  publish(message: PresenceNodeMessage): void;
  /** At most one state per board per this interval: about 10 updates/s per user, coalesced. */
  flushMs?: number;
  /** A user stays this long after their last socket disconnected, so a quick reconnect does not flicker. */
  graceMs?: number;
  /** Another node's users vanish when it has not repeated them for this long (the node died). */
  remoteTtlMs?: number;
  now?: () => number;
}

interface LocalEntry extends PresenceUser {
  role: EffectiveRole;
  sockets: Set<string>;
  at: number;
  removeTimer?: ReturnType<typeof setTimeout>;
}

interface BoardPresence {
  local: Map<string, LocalEntry>;
  remote: Map<string, { users: PresenceNodeMessage['users']; at: number }>;
  lastFlush: number;
  timer?: ReturnType<typeof setTimeout>;
  publishPending: boolean;
}

const publicView = (u: PresenceUser): PresenceUser => {
  const out: PresenceUser = { userId: u.userId, displayName: u.displayName, color: u.color };
  if (u.cursor) out.cursor = u.cursor;
  if (u.selection) out.selection = u.selection;
  if (u.editing) out.editing = u.editing;
  return out;
};

/**
 * Who is on which board. In memory only, never in the event log. Each node owns its local users
 * and tells the other nodes; every node merges them into the state it sends its own sockets.
 */
export class PresenceHub {
  private readonly boards = new Map<string, BoardPresence>();
  private readonly flushMs: number;
  private readonly graceMs: number;
  private readonly remoteTtlMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: PresenceOptions) {
    this.flushMs = opts.flushMs ?? 100;
    this.graceMs = opts.graceMs ?? 5_000;
    this.remoteTtlMs = opts.remoteTtlMs ?? 6_000;
    this.now = opts.now ?? Date.now;
  }

  join(boardId: string, socketId: string, user: { id: string; displayName: string }, role: EffectiveRole): void {
    const b = this.board(boardId);
    let entry = b.local.get(user.id);
    if (!entry) {
      entry = { userId: user.id, displayName: user.displayName, color: presenceColorFor(user.id), role, sockets: new Set(), at: this.now() };
      b.local.set(user.id, entry);
    }
    if (entry.removeTimer) clearTimeout(entry.removeTimer);
    entry.removeTimer = undefined;
    entry.role = role;
    entry.sockets.add(socketId);
    this.changed(boardId, true);
  }

  update(boardId: string, userId: string, patch: PresencePatch): void {
    const entry = this.boards.get(boardId)?.local.get(userId);
    if (!entry) return;
    if (patch.editing && entry.role === 'viewer') {
      throw forbidden('viewers cannot edit, so they cannot claim "editing"');
    }
    if (patch.cursor !== undefined) entry.cursor = patch.cursor ?? undefined;
    if (patch.selection !== undefined) entry.selection = patch.selection ?? undefined;
    if (patch.editing !== undefined) entry.editing = patch.editing;
    entry.at = this.now();
    this.changed(boardId, true);
  }

  /** A changed board role (member.updated): viewers lose any "editing" claim. */
  setRole(boardId: string, userId: string, role: EffectiveRole): void {
    const entry = this.boards.get(boardId)?.local.get(userId);
    if (!entry) return;
    entry.role = role;
    if (role === 'viewer' && entry.editing) {
      entry.editing = null;
      entry.at = this.now();
      this.changed(boardId, true);
    }
  }

  /** A socket left the board: after a disconnect the user lingers for `graceMs`, after a leave not. */
  leave(boardId: string, socketId: string, userId: string, opts: { grace: boolean }): void {
    const b = this.boards.get(boardId);
    const entry = b?.local.get(userId);
    if (!b || !entry || !entry.sockets.delete(socketId) || entry.sockets.size) return;
    if (!opts.grace) return this.remove(boardId, userId);
    if (entry.removeTimer) clearTimeout(entry.removeTimer);
    entry.removeTimer = setTimeout(() => this.remove(boardId, userId), this.graceMs);
    entry.removeTimer.unref?.();
  }

  /** Users of a board on another node. */
  remote(message: PresenceNodeMessage): void {
    if (message.nodeId === this.opts.nodeId) return;
    const b = this.board(message.boardId);
    if (message.users.length) b.remote.set(message.nodeId, { users: message.users, at: this.now() });
    else b.remote.delete(message.nodeId);
    this.changed(message.boardId, false);
  }

  /** Periodically: repeat local users to the other nodes, forget nodes that stopped repeating. */
  heartbeat(): void {
    const now = this.now();
    for (const [boardId, b] of this.boards) {
      let expired = false;
      for (const [nodeId, r] of b.remote) {
        if (now - r.at > this.remoteTtlMs) {
          b.remote.delete(nodeId);
          expired = true;
        }
      }
      if (b.local.size) this.opts.publish(this.nodeMessage(boardId, b));
      if (expired) this.changed(boardId, false);
      this.collect(boardId, b);
    }
  }

  /** The merged state: local and remote users, one entry per user (the most recently updated wins). */
  state(boardId: string): PresenceUser[] {
    const b = this.boards.get(boardId);
    if (!b) return [];
    const merged = new Map<string, PresenceUser & { at: number }>();
    const consider = (u: PresenceUser & { at: number }) => {
      const seen = merged.get(u.userId);
      if (!seen || u.at > seen.at) merged.set(u.userId, u);
    };
    for (const r of b.remote.values()) r.users.forEach(consider);
    for (const u of b.local.values()) consider(u);
    return [...merged.values()].map(publicView).sort((x, y) => x.displayName.localeCompare(y.displayName) || x.userId.localeCompare(y.userId));
  }

  /** Boards with local users (for the other nodes) . */
  localBoards(): string[] {
    return [...this.boards].filter(([, b]) => b.local.size).map(([id]) => id);
  }

  /** On shutdown: tell the other nodes our users are gone. */
  close(): void {
    for (const [boardId, b] of this.boards) {
      if (b.timer) clearTimeout(b.timer);
      for (const e of b.local.values()) if (e.removeTimer) clearTimeout(e.removeTimer);
      if (b.local.size) this.opts.publish({ nodeId: this.opts.nodeId, boardId, users: [] });
    }
    this.boards.clear();
  }

  private board(boardId: string): BoardPresence {
    let b = this.boards.get(boardId);
    if (!b) {
      b = { local: new Map(), remote: new Map(), lastFlush: 0, publishPending: false };
      this.boards.set(boardId, b);
    }
    return b;
  }

  private remove(boardId: string, userId: string): void {
    const b = this.boards.get(boardId);
    const entry = b?.local.get(userId);
    if (!b || !entry || entry.sockets.size) return;
    if (entry.removeTimer) clearTimeout(entry.removeTimer);
    b.local.delete(userId);
    this.changed(boardId, true);
  }

  /** Throttle: the first change goes out at once, further ones within `flushMs` are coalesced. */
  private changed(boardId: string, local: boolean): void {
    const b = this.board(boardId);
    b.publishPending ||= local;
    if (b.timer) return;
    const wait = b.lastFlush + this.flushMs - this.now();
    if (wait <= 0) return this.flush(boardId, b);
    b.timer = setTimeout(() => this.flush(boardId, b), wait);
    b.timer.unref?.();
  }

  private flush(boardId: string, b: BoardPresence): void {
    b.timer = undefined;
    b.lastFlush = this.now();
    this.opts.deliver(boardId, this.state(boardId));
    if (b.publishPending) {
      b.publishPending = false;
      this.opts.publish(this.nodeMessage(boardId, b));
    }
    this.collect(boardId, b);
  }

  private nodeMessage(boardId: string, b: BoardPresence): PresenceNodeMessage {
    return {
      nodeId: this.opts.nodeId,
      boardId,
      users: [...b.local.values()].map((e) => ({ ...publicView(e), at: e.at })),
    };
  }

  /** Drops an empty board once nothing is pending for it. */
  private collect(boardId: string, b: BoardPresence): void {
    if (!b.local.size && !b.remote.size && !b.timer && !b.publishPending) this.boards.delete(boardId);
  }
}
