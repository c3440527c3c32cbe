/** The socket contract's constants as plain values (socket.ts re-exports them; the board page needs them without the payload schemas). */
export const SOCKET_PATH = '/socket.io';
/** `maxHttpBufferSize`: larger socket messages are refused. */
export const MAX_SOCKET_PAYLOAD_BYTES = 1_000_000;
/** A join this many events behind (or more) gets a snapshot instead of a replay. */
export const MAX_REPLAY_EVENTS = 1000;
export const MAX_SELECTION = 500;
/**
 * The version of this socket contract. The client sends it with `board:join`; a server that speaks
 * another one refuses the join with `protocol_mismatch` (a tab left open across a deploy must reload
 * rather than misread events). Bump it when a payload or event changes incompatibly.
 */
export const PROTOCOL_VERSION = 1;
