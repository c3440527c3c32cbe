import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, request } from './api';

function mockFetch(status: number, body: unknown, contentType = 'application/json') {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const fn = vi.fn(async () => new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': contentType } }));
  vi.stubGlobal('fetch', fn);
  return fn;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('sends JSON with same-origin credentials and parses the answer', async () => {
    const fetchMock = mockFetch(200, { user: { id: '1' } });
    const res = await api.post<{ user: { id: string } }>('/api/auth/login', { username: 'a', password: 'b' });
    expect(res.user.id).toBe('1');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/auth/login');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({ username: 'a', password: 'b' });
  });

  it('does not send a body or content type on GET', async () => {
    const fetchMock = mockFetch(200, { boards: [] });
    await api.get('/api/boards');
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.body).toBeUndefined();
    expect((init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });

  it('resolves undefined on 204', async () => {
    mockFetch(204, undefined);
    await expect(api.post('/api/auth/logout')).resolves.toBeUndefined();
  });

  it('maps the contract error body to a typed ApiError', async () => {
    mockFetch(409, {
      error: { code: 'conflict', message: 'Van 2 is booked', details: { x: 1 } },
      hints: { nextFree: [] },
    });
    const err = await request('PATCH', '/api/occurrences/1', { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(409);
    expect(e.code).toBe('conflict');
    expect(e.message).toBe('Van 2 is booked');
    expect(e.details).toEqual({ x: 1 });
    expect((e.body as { hints: unknown }).hints).toEqual({ nextFree: [] });
  });

  it('exposes validation issues by field path', async () => {
    mockFetch(400, {
      error: {
        code: 'validation_failed',
        message: 'name: must not be empty',
        details: [
          { path: 'name', message: 'must not be empty' },
          { path: 'checkpoints.0.gapMin', message: 'must be an integer' },
        ],
      },
    });
    const e = (await api.post('/api/x', {}).catch((x: unknown) => x)) as ApiError;
    expect(e.fieldIssues()).toEqual({ name: 'must not be empty', 'checkpoints.0.gapMin': 'must be an integer' });
  });

  it('turns a non-contract error page into a readable ApiError', async () => {
    mockFetch(502, '<html>Bad gateway</html>', 'text/html');
    const e = (await api.get('/api/boards').catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(502);
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/not reachable/);
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const e = (await api.get('/api/boards').catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(0);
    expect(e.code).toBe('network_error');
  });
});
