import type { BoardEventDataMap, BoardEventType, ChangeStamp } from '@schedhuler/shared';

/** What a service calls to record an event of its change; the data must be the one its type carries. */
export type Emit = <K extends BoardEventType>(boardId: string, type: K, data: BoardEventDataMap[K]) => void;

interface Queued<K extends BoardEventType> {
  /** Position in the change: events are appended in the order they were emitted. */
  order: number;
  boardId: string;
  type: K;
  data: BoardEventDataMap[K] & ChangeStamp;
}

/** An event of a change before it is appended (no seq yet); narrowing on `type` narrows `data`. */
export type PendingEvent = { [K in BoardEventType]: Omit<Queued<K>, 'order'> }[BoardEventType];

/**
 * The events one change emits, in emit order, each stamped with the change's id (a copy: the object
 * the caller answers with stays as it was), so clients can tell which events belong together.
 *
 * Kept in one list per type: `emit` is generic in its type K, and a value typed by a generic K
 * cannot be put into a list of the union of all event shapes without a cast, while the list for K
 * takes it as it is. Reading them back (`list`) yields the union, correlated, with no cast.
 */
export class PendingEvents {
  private readonly byType: { [K in BoardEventType]?: Queued<K>[] } = {};
  private count = 0;

  constructor(private readonly changeId: string) {}

  readonly emit: Emit = <K extends BoardEventType>(boardId: string, type: K, data: BoardEventDataMap[K]) => {
    const list: Queued<K>[] = (this.byType[type] ??= []);
    list.push({ order: this.count++, boardId, type, data: { ...data, changeId: this.changeId } });
  };

  list(): PendingEvent[] {
    return Object.values(this.byType)
      .flat()
      .sort((a, b) => a.order - b.order)
      .map(({ order: _order, ...event }) => event);
  }
}
