/**
 * The app's addresses (hash routes) as plain functions: main.ts reads the address with them before the
 * app's code (and Svelte's runtime) is loaded, so this module imports nothing.
 */
export type Route =
  | { name: 'login' }
  | { name: 'boards' }
  | { name: 'board'; boardId: string }
  | { name: 'board-settings'; boardId: string }
  | { name: 'account' }
  | { name: 'admin-users' }
  | { name: 'not_found'; path: string };

/** Parses `#/login`, `#/boards`, `#/boards/:id`; an empty hash is the board list. */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/boards';
  if (path === '/login') return { name: 'login' };
  if (path === '/boards') return { name: 'boards' };
  if (path === '/account') return { name: 'account' };
  if (path === '/admin/users') return { name: 'admin-users' };
  const m = /^\/boards\/([^/?#]+)$/.exec(path);
  if (m?.[1]) return { name: 'board', boardId: decodeURIComponent(m[1]) };
  const settings = /^\/boards\/([^/?#]+)\/settings$/.exec(path);
  if (settings?.[1]) return { name: 'board-settings', boardId: decodeURIComponent(settings[1]) };
  return { name: 'not_found', path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'login':
      return '#/login';
    case 'boards':
      return '#/boards';
    case 'board':
      return `#/boards/${encodeURIComponent(route.boardId)}`;
    case 'board-settings':
      return `#/boards/${encodeURIComponent(route.boardId)}/settings`;
    case 'account':
      return '#/account';
    case 'admin-users':
      return '#/admin/users';
    case 'not_found':
      return `#${route.path}`;
  }
}
