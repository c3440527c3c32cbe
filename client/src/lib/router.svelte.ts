import { hrefFor, parseHash, type Route } from './route';

export { hrefFor, parseHash, type Route };

export class Router {
  route = $state<Route>({ name: 'boards' });
  /** Where to go after signing in, when the login page was forced on a deep link. */
  returnTo: Route | null = null;
  #onHashChange = () => {
    this.route = parseHash(window.location.hash);
  };

  constructor() {
    this.route = parseHash(window.location.hash);
    window.addEventListener('hashchange', this.#onHashChange);
  }

  navigate(route: Route): void {
    const href = hrefFor(route);
    if (window.location.hash === href) {
      this.route = route;
      return;
    }
    window.location.hash = href;
    // hashchange fires asynchronously; update now so the view does not lag a frame behind.
    this.route = route;
  }

  destroy(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
  }
}
