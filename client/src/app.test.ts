import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from './app.svelte';

type Handler = (init: RequestInit | undefined) => { status: number; body?: unknown };

function routeFetch(routes: Record<string, Handler>) {
  const fn = vi.fn(async (url: string, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${url}`;
    const handler = routes[key];
    if (!handler) return new Response(JSON.stringify({ error: { code: 'not_found', message: key } }), { status: 404 });
    const { status, body } = handler(init);
    return new Response(status === 204 ? null : JSON.stringify(body ?? {}), { status });
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

const user = { id: 'u1', username: 'planner1', displayName: 'Planner One', isAdmin: false };
const boards = [{ id: 'b1', name: 'Demo depot', timezone: 'Europe/Berlin', horizonDays: 14, role: 'planner' }];

beforeEach(() => {
  window.location.hash = '';
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('app shell', () => {
  it('sends an anonymous visitor to the login page and signs in', async () => {
    let signedIn = false;
    routeFetch({
      'GET /api/auth/me': () => (signedIn ? { status: 200, body: { user, memberships: [{ boardId: 'b1', role: 'planner' }] } } : { status: 401, body: { error: { code: 'unauthenticated', message: 'no' } } }),
      'POST /api/auth/login': (init) => {
        const body = JSON.parse(String(init?.body)) as { password: string };
        if (body.password !== 'planner1-demo') return { status: 401, body: { error: { code: 'unauthenticated', message: 'x' } } };
        signedIn = true;
        return { status: 200, body: { user } };
      },
      'GET /api/boards': () => ({ status: 200, body: { boards } }),
    });
    render(App);
    await fireEvent.input(await screen.findByLabelText('Username'), { target: { value: 'planner1' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Wrong username or password');

    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'planner1-demo' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('link', { name: 'Demo depot' })).toBeTruthy();
    expect(screen.getByText('Europe/Berlin')).toBeTruthy();
    expect(screen.getByText('Planner')).toBeTruthy();
    expect(window.location.hash).toBe('#/boards');
  });

  it('shows the rate-limit message on 429', async () => {
    routeFetch({
      'GET /api/auth/me': () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'no' } } }),
      'POST /api/auth/login': () => ({ status: 429, body: { error: { code: 'rate_limited', message: 'slow down' } } }),
    });
    render(App);
    await fireEvent.input(await screen.findByLabelText('Username'), { target: { value: 'planner1' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'x' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts, wait a minute');
  });

  it('signs out', async () => {
    const fetchMock = routeFetch({
      'GET /api/auth/me': () => ({ status: 200, body: { user, memberships: [] } }),
      'GET /api/boards': () => ({ status: 200, body: { boards: [] } }),
      'POST /api/auth/logout': () => ({ status: 204 }),
    });
    render(App);
    expect(await screen.findByText('No boards yet')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByLabelText('Username')).toBeTruthy());
    expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/auth/logout' && init?.method === 'POST')).toBe(true);
  });

  it('offers a retry when the board list fails', async () => {
    let fail = true;
    routeFetch({
      'GET /api/auth/me': () => ({ status: 200, body: { user, memberships: [] } }),
      'GET /api/boards': () => (fail ? { status: 503, body: { error: { code: 'unavailable', message: 'Database unreachable' } } } : { status: 200, body: { boards } }),
    });
    render(App);
    expect(await screen.findByText('Could not load your boards')).toBeTruthy();
    expect(screen.getByText('Database unreachable')).toBeTruthy();
    fail = false;
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Demo depot' })).toBeTruthy();
  });
});
