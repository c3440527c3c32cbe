import { Decoder, Encoder } from 'socket.io-parser';
import { jsonShapeProblem } from '../http/json-shape';

/**
 * socket.io-parser runs `JSON.parse` on every text packet, up to the 1 MB message limit, before any
 * handler or schema sees it: a packet of 10,000 nested arrays or 300,000 empty objects stalls the
 * event loop for every client (the same attack the HTTP body reader refuses). The same linear
 * pre-scan as for HTTP bodies runs first; a packet that fails it is an invalid payload, which makes
 * Socket.IO close that client's connection with "parse error". Nothing of the packet reaches a handler.
 */
class GuardedDecoder extends Decoder {
  override add(packet: unknown): void {
    if (typeof packet === 'string') {
      const problem = jsonShapeProblem(packet);
      if (problem !== null) throw new Error(`invalid payload: ${problem}`);
    }
    super.add(packet);
  }
}

export const guardedParser = { Encoder, Decoder: GuardedDecoder };
