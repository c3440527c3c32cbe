/**
 * Ordering of board events by `seq` (docs/rules.md "Real time": nothing lost, nothing applied twice).
 * `SeqOrder` is the pure bookkeeping, shared with the server's `BoardRooms`; `BoardEventStream` is
 * the client's stream around it, fetching missing ranges through a caller-supplied fetcher, so the
 * Svelte client and tests share one implementation.
 */

export interface SeqEvent {
  seq: number;
}

export interface SeqRange {
  /** First missing seq (inclusive). */
  from: number;
  /** Last missing seq (inclusive). */
  to: number;
}

export interface DeliveryPlan<E extends SeqEvent> {
  /** Events to apply now, contiguous and in order. */
  apply: E[];
  /** Events held back until the gap before them is filled, sorted, without duplicates. */
  pending: E[];
  /** The seq applied after `apply`. */
  applied: number;
  /** The missing range before the first pending event, if any. */
  gap: SeqRange | null;
}

/**
 * The one seq-ordering bookkeeping of client and server: holds events that arrive early until the
 * ones before them are there, drops duplicates and what was already delivered, and hands events out
 * strictly one after another. No timers and no I/O: the client's `BoardEventStream` and the server's
 * `BoardRooms` each fill gaps their own way around it.
 */
export class SeqOrder<E extends SeqEvent> {
  private readonly held = new Map<number, E>();

  constructor(private last = 0) {}

  /** The last seq handed out (or skipped to). */
  get delivered(): number {
    return this.last;
  }

  /** How many events wait for a gap before them. */
  get waiting(): number {
    return this.held.size;
  }

  /** Holds an event for delivery; false for one already delivered or held, or without an integer seq. */
  add(event: E): boolean {
    if (!Number.isInteger(event.seq) || event.seq <= this.last || this.held.has(event.seq)) return false;
    this.held.set(event.seq, event);
    return true;
  }

  /** The event right after `delivered`, now counted as delivered; undefined while it is missing. */
  next(): E | undefined {
    const e = this.held.get(this.last + 1);
    if (e) {
      this.held.delete(e.seq);
      this.last = e.seq;
    }
    return e;
  }

  /** The held events in seq order. */
  pending(): E[] {
    return [...this.held.values()].sort((a, b) => a.seq - b.seq);
  }

  /** The missing range before the first held event; null when nothing is held or the next one is there. */
  gap(): SeqRange | null {
    let first = Infinity;
    for (const seq of this.held.keys()) first = Math.min(first, seq);
    return first === Infinity || first === this.last + 1 ? null : { from: this.last + 1, to: first - 1 };
  }
}

/**
 * Merges incoming events with the held-back ones: drops anything already applied or seen twice,
 * returns the contiguous run that can be applied and the gap that blocks the rest.
 */
export function planDelivery<E extends SeqEvent>(applied: number, pending: readonly E[], incoming: readonly E[]): DeliveryPlan<E> {
  const order = new SeqOrder<E>(applied);
  for (const e of pending) order.add(e);
  for (const e of incoming) order.add(e);
  const apply: E[] = [];
  for (let e = order.next(); e; e = order.next()) apply.push(e);
  return { apply, pending: order.pending(), applied: order.delivered, gap: order.gap() };
}

export interface EventPage<E extends SeqEvent> {
  events: E[];
  /** The board's current seq when the page was read. */
  seq: number;
}

/** Reads events with seq > `sinceSeq` (at most `limit`), e.g. `GET /api/boards/:id/events`. */
export type EventFetcher<E extends SeqEvent> = (sinceSeq: number, limit: number) => Promise<EventPage<E>>;

export interface BoardEventStreamOptions<E extends SeqEvent> {
  fetch: EventFetcher<E>;
  /** Called once per event, in seq order, never twice for the same seq. */
  apply: (event: E) => void;
  /** The gap cannot be filled by fetching (too far behind, or fetching keeps failing): rejoin for a snapshot. */
  onResyncNeeded?: (reason: string) => void;
  /** Wait this long before fetching: the missing event is usually already on its way. */
  gapWaitMs?: number;
  pageSize?: number;
  /** Beyond this many missing events a snapshot is cheaper than replaying. */
  maxReplay?: number;
  maxFetchAttempts?: number;
}

/**
 * Tracks the last applied seq of one board. Feed it `board:event`s and join answers; it applies
 * events in order exactly once and fills gaps itself.
 */
export class BoardEventStream<E extends SeqEvent> {
  private appliedSeq: number;
  private pending: E[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fetching = false;
  private closed = false;
  private readonly gapWaitMs: number;
  private readonly pageSize: number;
  private readonly maxReplay: number;
  private readonly maxFetchAttempts: number;

  constructor(
    private readonly opts: BoardEventStreamOptions<E>,
    startSeq = 0,
  ) {
    this.appliedSeq = startSeq;
    this.gapWaitMs = opts.gapWaitMs ?? 150;
    this.pageSize = opts.pageSize ?? 1000;
    this.maxReplay = opts.maxReplay ?? 5000;
    this.maxFetchAttempts = opts.maxFetchAttempts ?? 4;
  }

  get applied(): number {
    return this.appliedSeq;
  }

  /** Held-back events waiting for a gap to be filled. */
  get waiting(): number {
    return this.pending.length;
  }

  /** After a snapshot: everything up to `seq` is in the snapshot; keep only newer held-back events. */
  reset(seq: number): void {
    this.appliedSeq = seq;
    this.receive([]);
  }

  receive(events: E | readonly E[]): void {
    if (this.closed) return;
    const plan = planDelivery(this.appliedSeq, this.pending, Array.isArray(events) ? events : [events as E]);
    this.pending = plan.pending;
    for (const e of plan.apply) {
      this.appliedSeq = e.seq;
      this.opts.apply(e);
    }
    if (plan.gap) this.scheduleFill();
    else this.clearTimer();
  }

  close(): void {
    this.closed = true;
    this.clearTimer();
    this.pending = [];
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scheduleFill(): void {
    if (this.timer || this.fetching) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.fill();
    }, this.gapWaitMs);
  }

  /** Fetches pages until the held-back events connect, or gives up and asks for a resync. */
  private async fill(): Promise<void> {
    if (this.closed || !this.pending.length) return;
    this.fetching = true;
    let failures = 0;
    try {
      while (!this.closed && this.pending.length) {
        const target = this.pending[0]!.seq - 1;
        if (target - this.appliedSeq > this.maxReplay) {
          this.opts.onResyncNeeded?.(`${target - this.appliedSeq} events behind`);
          return;
        }
        let page: EventPage<E>;
        try {
          page = await this.opts.fetch(this.appliedSeq, this.pageSize);
        } catch (err) {
          failures += 1;
          if (failures >= this.maxFetchAttempts) {
            this.opts.onResyncNeeded?.(`fetching missed events failed: ${(err as Error)?.message ?? String(err)}`);
            return;
          }
          await new Promise((r) => setTimeout(r, this.gapWaitMs * 2 ** failures));
          continue;
        }
        const before = this.appliedSeq;
        try {
          this.receiveInternal(page.events);
        } catch (err) {
          // `apply` threw: the caller's state is unknown now, only a fresh snapshot repairs it.
          this.opts.onResyncNeeded?.(`applying fetched events failed: ${(err as Error)?.message ?? String(err)}`);
          return;
        }
        if (this.appliedSeq === before && this.pending.length) {
          // The log has nothing to close the gap: our view is inconsistent with the server's.
          this.opts.onResyncNeeded?.(`events ${before + 1}..${this.pending[0]!.seq - 1} are missing from the log`);
          return;
        }
      }
    } finally {
      this.fetching = false;
    }
  }

  private receiveInternal(events: readonly E[]): void {
    const plan = planDelivery(this.appliedSeq, this.pending, events);
    this.pending = plan.pending;
    for (const e of plan.apply) {
      this.appliedSeq = e.seq;
      this.opts.apply(e);
    }
  }
}
