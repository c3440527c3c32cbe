/**
 * One piece of work for when the main thread is free (requestIdleCallback, with a deadline; a timer
 * where the browser has none): scheduling again replaces what was scheduled.
 */
export class IdleTask {
  #handle: { idle: number } | { timer: ReturnType<typeof setTimeout> } | undefined;
  readonly #timeout: number;

  constructor(timeout = 2000) {
    this.#timeout = timeout;
  }

  get pending(): boolean {
    return this.#handle !== undefined;
  }

  schedule(run: () => void): void {
    this.cancel();
    const go = () => {
      this.#handle = undefined;
      run();
    };
    this.#handle = typeof requestIdleCallback === 'function' ? { idle: requestIdleCallback(go, { timeout: this.#timeout }) } : { timer: setTimeout(go, 200) };
  }

  cancel(): void {
    const h = this.#handle;
    if (h === undefined) return;
    if ('idle' in h) cancelIdleCallback(h.idle);
    else clearTimeout(h.timer);
    this.#handle = undefined;
  }
}
