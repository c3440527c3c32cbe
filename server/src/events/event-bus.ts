import { EventEmitter } from 'node:events';
import type { BoardEvent } from '@schedhuler/shared';

type Listener = (events: BoardEvent[]) => void;

/**
 * In-process bus for events that are already committed. Services publish here after
 * commit; `realtime/` subscribes and broadcasts. Services never see Socket.IO.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(100);
  // Kept beside the events, not on them: the DTOs go to clients as they are.
  private readonly commitTimes = new WeakMap<BoardEvent, number>();

  /** Called right after the commit; that moment is kept for the broadcast lag metric. */
  publish(events: BoardEvent[]): void {
    if (!events.length) return;
    const now = performance.now();
    for (const e of events) this.commitTimes.set(e, now);
    this.emitter.emit('committed', events);
  }

  /** `performance.now()` at the commit of an event published on this bus (undefined for events read back or from other nodes). */
  committedAt(event: BoardEvent): number | undefined {
    return this.commitTimes.get(event);
  }

  subscribe(listener: Listener): () => void {
    this.emitter.on('committed', listener);
    return () => this.emitter.off('committed', listener);
  }
}
