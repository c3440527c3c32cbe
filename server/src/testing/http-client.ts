import type { BoardEventsResponse, BoardListItem, BoardSnapshot, ErrorResponse, JobWithOccurrences, meResponse, OccurrenceDto } from '@schedhuler/shared';
import type { z } from 'zod';

/**
 * One answer. `T` defaults to `any` so the many tests that poke at bodies of every shape (errors
 * included) stay short; pass the shared response type (`get<BoardSnapshot>(…)`), or use the typed
 * helpers below, where a test reads a success body.
 */
export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** An answer that is either the route's success body or the API's error body (docs/api.md). */
export type ApiResult<T> = HttpResult<T | ErrorResponse>;

/** A status other than the one expected, with the body that came with it. */
export class UnexpectedStatus extends Error {
  constructor(
    readonly result: HttpResult<unknown>,
    expected: number,
    what: string,
  ) {
    super(`${what}: expected ${expected}, got ${result.status} ${JSON.stringify(result.body).slice(0, 500)}`);
  }
}

/** A tiny fetch wrapper with a cookie jar, as a browser would behave for our API. */
export class HttpClient {
  cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.cookies.size) (init.headers as Record<string, string>).cookie = this.cookieHeader;
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, init);
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [k, ...v] = pair!.split('=');
      const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || v.join('=') === '') this.cookies.delete(k!.trim());
      else this.cookies.set(k!.trim(), v.join('='));
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body ?? {});
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** The body of a `200` (or `expected`) answer, typed; any other status throws with the body in the message. */
  async ok<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const res = await this.request<T>(method, path, body);
    if (res.status !== expected) throw new UnexpectedStatus(res, expected, `${method} ${path}`);
    return res.body;
  }

  // Typed reads of the answers tests look at most, with the response types from shared/.
  me(): Promise<z.output<typeof meResponse>> {
    return this.ok('GET', '/api/auth/me');
  }
  boards(): Promise<{ boards: BoardListItem[] }> {
    return this.ok('GET', '/api/boards');
  }
  snapshot(boardId: string, range: { from?: string; to?: string } = {}): Promise<BoardSnapshot> {
    const q = new URLSearchParams(Object.entries(range).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    return this.ok('GET', `/api/boards/${boardId}${q ? `?${q}` : ''}`);
  }
  events(boardId: string, since: number, limit?: number): Promise<BoardEventsResponse> {
    return this.ok('GET', `/api/boards/${boardId}/events?since=${since}${limit === undefined ? '' : `&limit=${limit}`}`);
  }
  job(jobId: string): Promise<JobWithOccurrences> {
    return this.ok('GET', `/api/jobs/${jobId}`);
  }
  async occurrence(occurrenceId: string): Promise<OccurrenceDto> {
    return (await this.ok<{ occurrence: OccurrenceDto }>('GET', `/api/occurrences/${occurrenceId}`)).occurrence;
  }

  async login(username: string, password: string): Promise<void> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
