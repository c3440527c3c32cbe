import { vi } from 'vitest';

export interface MockAnswer {
  status: number;
  body?: unknown;
}
export type MockHandler = (url: URL, init: RequestInit | undefined) => MockAnswer | Promise<MockAnswer>;

/** Stubs `fetch` with handlers keyed by "METHOD /path" (query string ignored in the key). */
export function mockFetch(routes: Record<string, MockHandler>) {
  const fn = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost');
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const handler = routes[key];
    const { status, body } = handler ? await handler(url, init) : { status: 404, body: { error: { code: 'not_found', message: key } } };
    return new Response(status === 204 ? null : JSON.stringify(body ?? {}), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

export function jsonBody(init: RequestInit | undefined): Record<string, unknown> {
  return JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
}
