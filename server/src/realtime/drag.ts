import type { DragState } from '@schedhuler/shared/socket';
import { AppError } from '../errors';

export interface DragRelayOptions {
  /** Sends a ghost update to everyone on the board except the socket it came from. */
  relay(fromSocketId: string, state: DragState): void;
  /**
   * At most one drag state per interval from one user to one board, whatever the number of their
   * sockets and drags (50 ms: 20 states/s); the latest state of each drag wins.
   */
  intervalMs?: number;
  /** Open drags per socket; a client that never ends its drags cannot grow memory. */
  maxPerSocket?: number;
}

interface ActiveDrag {
  boardId: string;
  occurrenceId: string;
  userId: string;
}

/** One user's outgoing drag states on one board. */
interface Lane {
  /** The latest unsent state of each drag, in the order they last became pending: drags take turns. */
  pending: Map<string, { from: string; state: DragState }>;
  /** Set while the lane is within an interval of its last send. */
  timer?: ReturnType<typeof setTimeout>;
}

const keyOf = (boardId: string, occurrenceId: string) => `${boardId}:${occurrenceId}`;
const laneOf = (userId: string, boardId: string) => `${userId}\n${boardId}`;

/**
 * Drag ghosts: relays drag:start/move/end to the others on the board. Every drag ends with an
 * `ended: true` state: on drag:end, when the socket leaves the board or disconnects.
 *
 * The throttle is per user and board, not per socket: one session with many sockets and many
 * drags otherwise multiplies what every other planner receives (5 sockets × 8 drags sent ~700
 * states/s). Starts and ends share the budget with moves; none is lost, a newer state of the same
 * drag replaces an unsent one.
 */
export class DragRelay {
  private readonly bySocket = new Map<string, Map<string, ActiveDrag>>();
  private readonly lanes = new Map<string, Lane>();
  private readonly intervalMs: number;
  private readonly maxPerSocket: number;

  constructor(private readonly opts: DragRelayOptions) {
    this.intervalMs = opts.intervalMs ?? 50;
    this.maxPerSocket = opts.maxPerSocket ?? 8;
  }

  isActive(socketId: string, boardId: string, occurrenceId: string): boolean {
    return this.bySocket.get(socketId)?.has(keyOf(boardId, occurrenceId)) ?? false;
  }

  start(socketId: string, userId: string, boardId: string, occurrenceId: string): void {
    const drags = this.bySocket.get(socketId) ?? new Map<string, ActiveDrag>();
    const key = keyOf(boardId, occurrenceId);
    if (!drags.has(key) && drags.size >= this.maxPerSocket) {
      throw new AppError('rate_limited', `at most ${this.maxPerSocket} drags at once; end one with drag:end first`);
    }
    drags.set(key, { boardId, occurrenceId, userId });
    this.bySocket.set(socketId, drags);
    this.send(socketId, { boardId, occurrenceId, userId });
  }

  /** A move without a start starts the drag (a client that reconnected mid-drag; the caller checked the occurrence). */
  move(socketId: string, userId: string, boardId: string, occurrenceId: string, assetId: string, startsAt: string): void {
    if (!this.isActive(socketId, boardId, occurrenceId)) this.start(socketId, userId, boardId, occurrenceId);
    this.send(socketId, { boardId, occurrenceId, userId, assetId, startsAt });
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

  /** Stops the lane timers (server shutdown); unsent states are dropped. */
  close(): void {
    for (const lane of this.lanes.values()) clearTimeout(lane.timer);
    this.lanes.clear();
  }

  private finish(socketId: string, drags: Map<string, ActiveDrag>, drag: ActiveDrag, committed: boolean): void {
    drags.delete(keyOf(drag.boardId, drag.occurrenceId));
    if (!drags.size) this.bySocket.delete(socketId);
    this.send(socketId, { boardId: drag.boardId, occurrenceId: drag.occurrenceId, userId: drag.userId, ended: true, committed });
  }

  private send(from: string, state: DragState): void {
    const id = laneOf(state.userId, state.boardId);
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = { pending: new Map() };
      this.lanes.set(id, lane);
    }
    // A newer state keeps the drag's place in the queue (Map order): a drag joins at the back only
    // after it was sent, so every drag of the user gets its turn.
    lane.pending.set(state.occurrenceId, { from, state });
    if (!lane.timer) this.tick(id, lane);
  }

  /** Sends the oldest pending state and waits an interval; a tick with nothing to send retires the lane. */
  private tick(id: string, lane: Lane): void {
    lane.timer = undefined;
    const next = lane.pending.entries().next();
    if (next.done) {
      this.lanes.delete(id);
      return;
    }
    const [occurrenceId, { from, state }] = next.value;
    lane.pending.delete(occurrenceId);
    this.opts.relay(from, state);
    lane.timer = setTimeout(() => this.tick(id, lane), this.intervalMs);
    lane.timer.unref?.();
  }
}
