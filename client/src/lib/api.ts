import type { ErrorCode } from '@schedhuler/shared';

/** Codes the client adds for failures that never reached (or never came back from) the server. */
export type ClientErrorCode = 'network_error' | 'bad_response';

export interface ApiErrorInit {
  status: number;
  code: ErrorCode | ClientErrorCode;
  message: string;
  details?: unknown;
  body?: unknown;
}

/** A failed API call, carrying the contract's `{error: {code, message, details}}` plus the whole body (409s carry hints). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly details: unknown;
  readonly body: unknown;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.body = init.body;
  }

  /** Field-level issues of a `validation_failed` answer, keyed by path. */
  fieldIssues(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.code !== 'validation_failed' || !Array.isArray(this.details)) return out;
    for (const issue of this.details as unknown[]) {
      if (issue && typeof issue === 'object' && 'path' in issue && 'message' in issue) {
        const path = String((issue as { path: unknown }).path);
        out[path] ??= String((issue as { message: unknown }).message);
      }
    }
    return out;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  429: 'Too many requests, wait a minute.',
  502: 'The server is not reachable right now. Try again in a moment.',
  503: 'The server is temporarily unavailable. Try again in a moment.',
};

function errorFromBody(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'error' in body) {
    const err = body.error;
    if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
      const e = err as { code: unknown; message: unknown; details?: unknown };
      return new ApiError({
        status,
        code: String(e.code) as ErrorCode,
        message: String(e.message),
        details: e.details,
        body,
      });
    }
  }
  return new ApiError({
    status,
    code: 'bad_response',
    message: FALLBACK_MESSAGES[status] ?? `Unexpected answer from the server (HTTP ${status}).`,
    body,
  });
}

/** The request a JSON call sends (the early requests of the page's boot script send these too). */
export function jsonInit(method: string, body?: unknown, options: RequestOptions = {}): RequestInit {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (options.signal) init.signal = options.signal;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return init;
}

/** One JSON request against the same-origin API. Resolves with the parsed body (undefined for 204). */
export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return readAnswer<T>(fetch(path, jsonInit(method, body, options)));
}

/** The parsed body of a JSON call's answer (undefined for 204), or the ApiError it stands for. */
export async function readAnswer<T>(answer: Promise<Response>): Promise<T> {
  let res: Response;
  try {
    res = await answer;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'Cannot reach the server. Check your connection and try again.',
    });
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (res.ok) {
        throw new ApiError({ status: res.status, code: 'bad_response', message: 'The server sent an answer that is not JSON.' });
      }
    }
  }
  if (!res.ok) throw errorFromBody(res.status, parsed);
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};
