import { EventEmitter } from 'node:events';
import type { BoardEventDto } from '../services/event-log';

type Listener = (events: BoardEventDto[]) => void;

/**
 * In-process bus for events that are already committed. Services publish here after
 * commit; `realtime/` subscribes and broadcasts. Services never see Socket.IO.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  publish(events: BoardEventDto[]): void {
    if (events.length) this.emitter.emit('committed', events);
  }

  subscribe(listener: Listener): () => void {
    this.emitter.on('committed', listener);
    return () => this.emitter.off('committed', listener);
  }
}
