/**
 * A component whose code is a chunk of its own, fetched the first time it is wanted (issue 12: the
 * board draws without loading and compiling the job form, its cron builder and their schemas). The
 * page may also ask for it ahead of use, once it is idle, so that opening it later does not wait.
 */
export class LazyComponent<C> {
  /** The component, once its chunk is in. */
  current = $state.raw<C>();
  /** Why its chunk could not be loaded (offline, or a deploy since the tab opened); cleared by a retry. */
  error = $state.raw<unknown>();
  #loading: Promise<void> | undefined;
  readonly #load: () => Promise<{ default: C }>;

  constructor(load: () => Promise<{ default: C }>) {
    this.#load = load;
  }

  /** Starts loading the chunk, once (again after a failure). */
  load(): Promise<void> {
    if (this.#loading) return this.#loading;
    this.error = undefined;
    return (this.#loading = this.#load().then(
      (m) => {
        this.current = m.default;
      },
      (e: unknown) => {
        this.error = e;
        this.#loading = undefined;
      },
    ));
  }
}
