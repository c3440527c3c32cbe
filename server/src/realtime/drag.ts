import type { DragState } from '@schedhuler/shared/socket';
import { AppError } from '../errors';

export interface DragRelayOptions {
  /** Sends a ghost update to everyone on the board except the dragging socket. */
  relay(fromSocketId: string, state: DragState): void;
  /** At most one move per drag per interval; the latest position wins. */
  moveIntervalMs?: number;
  /** Open drags per socket; a client that never ends its drags cannot grow memory. */
  maxPerSocket?: number;
  now?: () => number;
}

interface ActiveDrag {
  boardId: string;
  occurrenceId: string;
  userId: string;
  lastMoveAt: number;
  pending?: DragState;
  timer?: ReturnType<typeof setTimeout>;
}

const keyOf = (boardId: string, occurrenceId: string) => `${boardId}:${occurrenceId}`;

/**
 * Drag ghosts: relays drag:start/move/end of a socket to the others on the board. Every drag
 * ends with an `ended: true` state: on drag:end, when the socket leaves the board or disconnects.
 */
export class DragRelay {
  private readonly bySocket = new Map<string, Map<string, ActiveDrag>>();
  private readonly moveIntervalMs: number;
  private readonly maxPerSocket: number;
  private readonly now: () => number;

  constructor(private readonly opts: DragRelayOptions) {
    this.moveIntervalMs = opts.moveIntervalMs ?? 50;
    this.maxPerSocket = opts.maxPerSocket ?? 8;
    this.now = opts.now ?? Date.now;
  }

  start(socketId: string, userId: string, boardId: string, occurrenceId: string): void {
    const drags = this.bySocket.get(socketId) ?? new Map<string, ActiveDrag>();
    const key = keyOf(boardId, occurrenceId);
    const existing = drags.get(key);
    if (existing) this.cancelPending(existing);
    else if (drags.size >= this.maxPerSocket) {
      throw new AppError('rate_limited', `at most ${this.maxPerSocket} drags at once; end one with drag:end first`);
    }
    drags.set(key, { boardId, occurrenceId, userId, lastMoveAt: 0 });
    this.bySocket.set(socketId, drags);
    this.opts.relay(socketId, { boardId, occurrenceId, userId });
  }

  /** A move without a start starts the drag (a client that reconnected mid-drag). */
  move(socketId: string, userId: string, boardId: string, occurrenceId: string, assetId: string, startsAt: string): void {
    let drag = this.bySocket.get(socketId)?.get(keyOf(boardId, occurrenceId));
    if (!drag) {
      this.start(socketId, userId, boardId, occurrenceId);
      drag = this.bySocket.get(socketId)!.get(keyOf(boardId, occurrenceId))!;
    }
    const state: DragState = { boardId, occurrenceId, userId, assetId, startsAt };
    const wait = drag.lastMoveAt + this.moveIntervalMs - this.now();
    if (wait <= 0 && !drag.timer) {
      drag.lastMoveAt = this.now();
      this.opts.relay(socketId, state);
      return;
    }
    drag.pending = state;
    if (drag.timer) return;
    const d = drag;
    d.timer = setTimeout(() => {
      d.timer = undefined;
      if (!d.pending) return;
      const latest = d.pending;
      d.pending = undefined;
      d.lastMoveAt = this.now();
      this.opts.relay(socketId, latest);
    }, Math.max(0, wait));
    d.timer.unref?.();
  }

  end(socketId: string, boardId: string, occurrenceId: string, committed: boolean): boolean {
    const drags = this.bySocket.get(socketId);
    const drag = drags?.get(keyOf(boardId, occurrenceId));
    if (!drags || !drag) return false;
    this.finish(socketId, drags, drag, committed);
    return true;
  }

  /** The socket left the board: its drags there end, not committed. */
  dropBoard(socketId: string, boardId: string): void {
    const drags = this.bySocket.get(socketId);
    if (!drags) return;
    for (const drag of [...drags.values()]) if (drag.boardId === boardId) this.finish(socketId, drags, drag, false);
  }

  /** The socket disconnected: every drag of it ends, not committed. */
  dropSocket(socketId: string): void {
    const drags = this.bySocket.get(socketId);
    if (!drags) return;
    for (const drag of [...drags.values()]) this.finish(socketId, drags, drag, false);
  }

  activeCount(socketId: string): number {
    return this.bySocket.get(socketId)?.size ?? 0;
  }

  private finish(socketId: string, drags: Map<string, ActiveDrag>, drag: ActiveDrag, committed: boolean): void {
    this.cancelPending(drag);
    drags.delete(keyOf(drag.boardId, drag.occurrenceId));
    if (!drags.size) this.bySocket.delete(socketId);
    this.opts.relay(socketId, { boardId: drag.boardId, occurrenceId: drag.occurrenceId, userId: drag.userId, ended: true, committed });
  }

  private cancelPending(drag: ActiveDrag): void {
    if (drag.timer) clearTimeout(drag.timer);
    drag.timer = undefined;
    drag.pending = undefined;
  }
}
