import type { IncomingMessage, Server, ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../errors';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The whole request, headers and body, must arrive within `ms`: a client that declares a
 * Content-Length and sends less would otherwise hold its connection (and a request slot) for
 * Node's default of 300 s. Node checks its connections every `connectionsCheckingInterval`
 * (30 s by default), so that is shortened to keep the answer near `ms`.
 */
export function requestTimeoutOptions(ms: number): ServerOptions {
  return { requestTimeout: ms, headersTimeout: ms, connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(ms / 4))) };
}

const CANNED: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
};
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

function timeoutResponse(ms: number): string {
  const body = JSON.stringify(new AppError('request_timeout', `the request (headers and body) did not arrive within ${ms / 1000} s; the connection is closed`).toBody());
  return `HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * Answers what Node's HTTP parser refuses before the app sees it. A request timeout gets the API's
 * JSON error (408 `request_timeout`); other parse errors get Node's own answers (400, 431), which a
 * `clientError` listener must now write itself. Nothing is written once the app's own answer has
 * started on that connection.
 */
export function answerClientErrors(server: Server, timeoutMs: number): void {
  const timedOut = timeoutResponse(timeoutMs);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? timedOut : (CANNED[err.code ?? ''] ?? BAD_REQUEST), () => socket.destroy());
    // A client that keeps the connection open after our answer is cut off.
    setTimeout(() => socket.destroy(), 1_000).unref();
  });
}

/**
 * The request's connection broke before its body arrived (the timeout above cut it, or the client
 * left): the body read fails with "aborted". That is the client's doing, not the database's, and
 * nobody is left to read the answer.
 */
export function requestAborted(c: { env: unknown }): boolean {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return Boolean(incoming && !incoming.complete && (incoming.destroyed || incoming.readableAborted));
}

export const abortedRequest = () => new AppError('request_timeout', 'the request body did not arrive: the connection closed or timed out');
