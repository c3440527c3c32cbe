import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '@schedhuler/shared/socket';
import type { BoardEvent } from '@schedhuler/shared';
import type { PresenceNodeMessage } from './presence';

/**
 * What server nodes tell each other through the adapter (Redis pub/sub with REDIS_URL; a no-op on
 * one node). Every node delivers to its own sockets, so each one orders events and merges presence.
 */
export interface NodeEvents {
  /** Events committed on the sending node, as published on its bus after commit. */
  'board:committed': (events: BoardEvent[]) => void;
  /** The sending node's users on one board (repeated as a heartbeat; empty = gone). */
  'presence:sync': (message: PresenceNodeMessage) => void;
  /** Seq each board reached on the sending node: a node that missed a message catches up from the log. */
  'board:seqs': (message: { nodeId: string; seqs: Record<string, number> }) => void;
  /** A session was revoked (logout) on the sending node. */
  'session:revoked': (message: { userId: string; sessionId: string | null }) => void;
}

/** `sessionId` is the hash of the session token, as reported by `AuthService.onSessionRevoked`. */
export interface RealtimeSocketData extends SocketData {
  username: string;
  isAdmin: boolean;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, NodeEvents, RealtimeSocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, NodeEvents, RealtimeSocketData>;

export const roomOf = (boardId: string) => `board:${boardId}`;
