import type { EffectiveRole } from '@schedhuler/shared';
import type { Actor, Ctx } from '../services/context';
import type { BoardEvent } from '@schedhuler/shared';
import type { Services } from '../services/index';
import type { DragRelay } from './drag';
import type { PresenceHub } from './presence';
import type { IoSocket } from './types';

export interface JoinedBoard {
  role: EffectiveRole;
  /** Identifies one join: a later rejoin or leave invalidates a pending room admission. */
  token: number;
}

/**
 * What the socket event handlers (`handlers.ts`) use of the hub. `RealtimeHub` implements it and
 * registers the handlers; the handlers see only this interface, so neither module imports the other.
 */
export interface HandlerHost {
  readonly opts: { readonly services: Services };
  readonly presence: PresenceHub;
  readonly drags: DragRelay;
  /** A fresh EM fork and the socket's user: one per socket event. */
  ctx(socket: IoSocket): Ctx & { actor: Actor };
  joinedBoard(socket: IoSocket, boardId: string): JoinedBoard | undefined;
  /** Records the join and admits the socket to the board's room at `seq`; `respond` sends the answer. */
  admit(socket: IoSocket, boardId: string, role: EffectiveRole, seq: number, respond: (catchUp: BoardEvent[]) => void): Promise<void>;
  leave(socket: IoSocket, boardId: string, opts: { grace: boolean }): boolean;
}
