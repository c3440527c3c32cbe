/**
 * The typed Socket.IO contract (docs/api.md, "Socket.IO"), used by the server (`realtime/`) and the
 * client. Every client → server payload has a zod schema: the server validates each one and
 * answers an error ack instead of trusting the types, which a hostile client does not honour.
 */
import { z } from 'zod';
import type { ErrorBody } from './schemas/errors';
import type { BoardEvent, BoardSnapshot } from './schemas/events';
import { isoInstantField } from './schemas/instant';
import { booleanField, strictBody, uuidField } from './schemas/job';
import { text } from './schemas/text';
import { previewBody } from './schemas/preview';
import type { PreviewResponse } from './schemas/preview';
import { MAX_SELECTION } from './realtime/protocol';

// Re-exported so realtime code can take the whole contract from this one module.
export type { BoardEvent, BoardSnapshot } from './schemas/events';
export type { PreviewResponse } from './schemas/preview';

export { MAX_REPLAY_EVENTS, MAX_SELECTION, MAX_SOCKET_PAYLOAD_BYTES, PROTOCOL_VERSION, SOCKET_PATH } from './realtime/protocol';

const seqField = z
  .number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be an integer') })
  .int('must be an integer')
  .min(0, 'must be at least 0');

/** Absent (tools, tests written before it existed) counts as the current version. */
const protocolField = z
  .number({ error: 'must be an integer' })
  .int('must be an integer')
  .min(0, 'must be at least 0');

export const boardJoinPayload = strictBody({ boardId: uuidField, sinceSeq: seqField.optional(), protocol: protocolField.optional() });
export const boardLeavePayload = strictBody({ boardId: uuidField });

export const presenceCursor = strictBody({ assetId: uuidField, at: isoInstantField });
export const presenceUpdatePayload = strictBody({
  boardId: uuidField,
  /** null clears the cursor (pointer left the timeline). */
  cursor: presenceCursor.nullable().optional(),
  selection: z
    .array(uuidField, { error: 'must be an array of occurrence ids' })
    .max(MAX_SELECTION, `at most ${MAX_SELECTION} ids`)
    .optional(),
  /** What the user edits: a job id, or a short label such as "new tour"; null stops editing. */
  editing: text({ max: 200, trim: true, typeError: 'must be a string or null' })
    .min(1, 'must not be empty')
    .nullable()
    .optional(),
});

export const dragStartPayload = strictBody({ boardId: uuidField, occurrenceId: uuidField });
export const dragMovePayload = strictBody({
  boardId: uuidField,
  occurrenceId: uuidField,
  assetId: uuidField,
  startsAt: isoInstantField,
});
export const dragEndPayload = strictBody({ boardId: uuidField, occurrenceId: uuidField, committed: booleanField });

export type BoardJoinPayload = z.input<typeof boardJoinPayload>;
export type BoardLeavePayload = z.input<typeof boardLeavePayload>;
export type PresenceCursor = z.output<typeof presenceCursor>;
export type PresenceUpdatePayload = z.input<typeof presenceUpdatePayload>;
export type DragStartPayload = z.input<typeof dragStartPayload>;
export type DragMovePayload = z.input<typeof dragMovePayload>;
export type DragEndPayload = z.input<typeof dragEndPayload>;
export type SchedulePreviewPayload = z.input<typeof previewBody>;

/** Schema of each client → server event, for one generic validating handler on the server. */
export const clientEventSchemas = {
  'board:join': boardJoinPayload,
  'board:leave': boardLeavePayload,
  'presence:update': presenceUpdatePayload,
  'drag:start': dragStartPayload,
  'drag:move': dragMovePayload,
  'drag:end': dragEndPayload,
  'schedule:preview': previewBody,
} as const;
export type ClientEventName = keyof typeof clientEventSchemas;

export type AckError = ErrorBody;
/** Every acknowledgement: `{ok: true, …}` or `{ok: false, error}`. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: AckError };
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;

/** `board:join` answers missed `events` (in seq order) or a `snapshot` (absent or too old `sinceSeq`). */
export type BoardJoinResult = { seq: number; events: BoardEvent[]; snapshot?: undefined } | { seq: number; snapshot: BoardSnapshot; events?: undefined };

export interface ClientToServerEvents {
  'board:join': (payload: BoardJoinPayload, ack: AckCallback<BoardJoinResult>) => void;
  'board:leave': (payload: BoardLeavePayload, ack: AckCallback) => void;
  'presence:update': (payload: PresenceUpdatePayload, ack: AckCallback) => void;
  'drag:start': (payload: DragStartPayload, ack: AckCallback) => void;
  'drag:move': (payload: DragMovePayload, ack: AckCallback) => void;
  'drag:end': (payload: DragEndPayload, ack: AckCallback) => void;
  'schedule:preview': (payload: SchedulePreviewPayload, ack: (response: PreviewResponse) => void) => void;
}

export interface PresenceUser {
  userId: string;
  displayName: string;
  color: string;
  cursor?: PresenceCursor | null;
  selection?: string[];
  editing?: string | null;
}

export interface PresenceState {
  boardId: string;
  users: PresenceUser[];
}

export interface DragState {
  boardId: string;
  occurrenceId: string;
  userId: string;
  assetId?: string;
  startsAt?: string;
  /** True on the last message of a drag: committed, cancelled, or the dragging socket left. */
  ended?: boolean;
  /** With `ended`: whether the drag ended in a commit (the change itself arrives as a `board:event`). */
  committed?: boolean;
}

export interface ServerToClientEvents {
  'board:event': (event: BoardEvent) => void;
  'presence:state': (state: PresenceState) => void;
  'drag:state': (state: DragState) => void;
}

/** Between server nodes (Redis adapter): a node shares the presence of its own sockets. */
export interface InterServerEvents {
  'presence:sync': (payload: { nodeId: string; boardId: string; users: PresenceUser[] }) => void;
}

/** Per-socket data set at the authenticated handshake (visible across nodes via `fetchSockets`). */
export interface SocketData {
  userId: string;
  displayName: string;
  sessionId: string;
  color: string;
}
