import { getContext, setContext } from 'svelte';
import type { Router } from './router.svelte';
import type { Session } from './session.svelte';

const KEY = Symbol('app');

export interface AppContext {
  session: Session;
  router: Router;
}

export function setAppContext(ctx: AppContext): void {
  setContext(KEY, ctx);
}

export function getAppContext(): AppContext {
  const ctx = getContext<AppContext | undefined>(KEY);
  if (!ctx) throw new Error('App context missing: render inside <App>');
  return ctx;
}

/** The context map for `render(Component, { context })` in component tests. */
export function appContextMap(ctx: AppContext): Map<unknown, unknown> {
  return new Map([[KEY, ctx]]);
}
