import { SeqOrder } from '@schedhuler/shared';
import type { BoardEvent } from '@schedhuler/shared';
import { logger } from '../logger';

export interface BoardRoomsOptions {
  /** Delivers one event to this node's sockets in the board's room. */
  deliver(boardId: string, event: BoardEvent): void;
  /** Reads committed events with seq > sinceSeq from the log (gap fill, late joiners). */
  readEvents(boardId: string, sinceSeq: number, limit: number): Promise<BoardEvent[]>;
  /** Called for every event after it was delivered (membership changes). */
  onDelivered?(event: BoardEvent): void;
  /** How long an out-of-order event waits for the missing ones before we read them from the log. */
  gapTimeoutMs?: number;
  /** Delivered events kept per board, so a joiner whose read is slightly old catches up without a query. */
  recentSize?: number;
}

interface Waiter {
  seq: number;
  admit: () => void;
}

interface Sequencer {
  boardId: string;
  /** What was delivered to the room on this node (`delivered`), and the events held for a gap before them. */
  order: SeqOrder<BoardEvent>;
  recent: BoardEvent[];
  /** Joiners answered with a seq the room has not delivered yet; admitted right after it is. */
  waiters: Waiter[];
  /** Highest seq known to be committed (an event, a joiner's read, another node's hint). */
  known: number;
  gapTimer?: ReturnType<typeof setTimeout>;
  filling: boolean;
  failures: number;
  closed: boolean;
}

export interface JoinCallbacks {
  /** Adds the socket to the room. Runs now or right after the room delivered the joiner's seq. */
  admit(): void;
  /**
   * Sends the join answer and then `catchUp` (events after the answer's seq that the room has
   * already delivered). Called synchronously with the decision, so nothing can slip in between.
   */
  respond(catchUp: BoardEvent[]): void;
}

const MAX_BUFFERED = 10_000;
/** Boards without a local room whose latest seen seq is kept (see `unwatched`). */
const MAX_UNWATCHED = 10_000;

/**
 * Puts committed events into seq order per board before they reach a room. Transactions publish
 * after commit, so two commits may publish out of order, and events from other nodes arrive late:
 * a later event waits for the earlier ones, and after `gapTimeoutMs` the missing ones are read from
 * the event log. Joiners enter the room exactly at the seq they were answered with, so a socket
 * gets every event once: in its answer, in its catch-up, or from the room.
 */
export class BoardRooms {
  private readonly boards = new Map<string, Sequencer>();
  /**
   * The highest seq the bus brought for boards nobody here watches. A first joiner's answer is read
   * before its room exists: an event committed after that read and published before the room was
   * created would otherwise be dropped, and the joiner would see it only when a later event exposed
   * the gap. A room created below this seq reads the difference from the log at once.
   */
  private readonly unwatched = new Map<string, number>();
  private readonly gapTimeoutMs: number;
  private readonly recentSize: number;

  constructor(private readonly opts: BoardRoomsOptions) {
    this.gapTimeoutMs = opts.gapTimeoutMs ?? 250;
    this.recentSize = opts.recentSize ?? 512;
  }

  /** Seq delivered on this node, or undefined when no local socket watches the board. */
  deliveredSeq(boardId: string): number | undefined {
    return this.boards.get(boardId)?.order.delivered;
  }

  activeBoards(): string[] {
    return [...this.boards.keys()];
  }

  /** Committed events from this node's bus or from another node. Boards nobody here watches are ignored. */
  accept(events: readonly BoardEvent[]): void {
    const touched = new Set<Sequencer>();
    for (const e of events) {
      const s = this.boards.get(e.boardId);
      if (!s) {
        this.noteUnwatched(e);
        continue;
      }
      if (!s.order.add(e)) continue;
      if (e.seq > s.known) s.known = e.seq;
      touched.add(s);
    }
    for (const s of touched) this.drain(s);
  }

  /** Another node has delivered up to `seq`: if we are behind, the gap timer catches up from the log. */
  hint(boardId: string, seq: number): void {
    const s = this.boards.get(boardId);
    if (!s || seq <= s.known) return;
    s.known = seq;
    this.schedule(s);
  }

  /**
   * Joins a socket whose answer was read at `seq`. If the room already delivered more than that,
   * the difference is sent as catch-up (from memory, or read from the log); if the room is behind,
   * the socket waits outside until the room reaches `seq`.
   */
  async join(boardId: string, seq: number, cb: JoinCallbacks): Promise<void> {
    const catchUp: BoardEvent[] = [];
    let at = seq;
    for (;;) {
      let s = this.boards.get(boardId);
      let fresh = false;
      if (!s) {
        s = this.create(boardId, at);
        fresh = true;
      }
      if (at >= s.order.delivered) {
        if (at === s.order.delivered) cb.admit();
        else {
          s.waiters.push({ seq: at, admit: cb.admit });
          if (at > s.known) s.known = at;
          this.schedule(s);
        }
        cb.respond(catchUp);
        // Events the bus brought before this room existed come from the log, through the room.
        if (fresh && s.known > s.order.delivered) void this.fill(s);
        return;
      }
      const first = s.recent[0];
      if (first && first.seq <= at + 1) {
        catchUp.push(...s.recent.filter((e) => e.seq > at));
        cb.admit();
        cb.respond(catchUp);
        return;
      }
      const read = await this.opts.readEvents(boardId, at, 1000);
      if (!read.length) throw new Error(`event log of board ${boardId} ends before seq ${s.order.delivered}`);
      catchUp.push(...read);
      at = read[read.length - 1]!.seq;
    }
  }

  /** Forgets a board when no local socket watches it any more. */
  release(boardId: string): void {
    const s = this.boards.get(boardId);
    if (!s) return;
    s.closed = true;
    if (s.gapTimer) clearTimeout(s.gapTimer);
    this.boards.delete(boardId);
  }

  close(): void {
    for (const id of [...this.boards.keys()]) this.release(id);
  }

  private create(boardId: string, seq: number): Sequencer {
    const seen = this.unwatched.get(boardId) ?? 0;
    this.unwatched.delete(boardId);
    const s: Sequencer = { boardId, order: new SeqOrder(seq), recent: [], waiters: [], known: Math.max(seq, seen), filling: false, failures: 0, closed: false };
    this.boards.set(boardId, s);
    return s;
  }

  private noteUnwatched(e: BoardEvent): void {
    const before = this.unwatched.get(e.boardId);
    if (before !== undefined && before >= e.seq) return;
    // Re-inserted so the Map's order is least recently seen first; the oldest go beyond the cap.
    this.unwatched.delete(e.boardId);
    this.unwatched.set(e.boardId, e.seq);
    if (this.unwatched.size > MAX_UNWATCHED) this.unwatched.delete(this.unwatched.keys().next().value!);
  }

  private drain(s: Sequencer): void {
    for (let e = s.order.next(); e; e = s.order.next()) {
      s.recent.push(e);
      if (s.recent.length > this.recentSize) s.recent.splice(0, s.recent.length - this.recentSize);
      try {
        this.opts.deliver(s.boardId, e);
        this.opts.onDelivered?.(e);
      } catch (err) {
        logger.error({ err, boardId: s.boardId, seq: e.seq }, 'delivering a board event failed');
      }
      if (s.waiters.length) {
        const ready = s.waiters.filter((w) => w.seq <= e.seq);
        s.waiters = s.waiters.filter((w) => w.seq > e.seq);
        for (const w of ready) w.admit();
      }
    }
    if (s.order.waiting > MAX_BUFFERED) {
      if (s.gapTimer) clearTimeout(s.gapTimer);
      s.gapTimer = undefined;
      void this.fill(s);
      return;
    }
    this.schedule(s);
  }

  /** Arms the gap timer when something is missing, disarms it when the room is complete. */
  private schedule(s: Sequencer): void {
    const behind = s.order.waiting > 0 || s.waiters.length > 0 || s.known > s.order.delivered;
    if (!behind) {
      if (s.gapTimer) clearTimeout(s.gapTimer);
      s.gapTimer = undefined;
      s.failures = 0;
      return;
    }
    if (s.gapTimer || s.filling || s.closed) return;
    const wait = Math.min(this.gapTimeoutMs * 2 ** s.failures, 10_000);
    s.gapTimer = setTimeout(() => {
      s.gapTimer = undefined;
      void this.fill(s);
    }, wait);
    s.gapTimer.unref?.();
  }

  /** Reads what is missing from the event log; the events then go through the normal path. */
  private async fill(s: Sequencer): Promise<void> {
    if (s.filling || s.closed) return;
    s.filling = true;
    const from = s.order.delivered;
    try {
      const read = await this.opts.readEvents(s.boardId, from, 1000);
      s.failures = read.length ? 0 : s.failures + 1;
      // The log has nothing newer and nobody waits: the hint that we were behind was stale.
      if (!read.length && !s.order.waiting && !s.waiters.length) s.known = s.order.delivered;
      if (read.length) logger.debug({ boardId: s.boardId, from, count: read.length }, 'filled an event gap from the log');
      s.filling = false;
      if (!s.closed) this.accept(read);
    } catch (err) {
      s.failures += 1;
      logger.warn({ err: (err as Error).message, boardId: s.boardId, from }, 'reading missed events failed; retrying');
    } finally {
      s.filling = false;
      if (!s.closed) this.schedule(s);
    }
  }
}
