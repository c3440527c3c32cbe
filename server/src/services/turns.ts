/**
 * Work that can wait goes one piece per turn of the event loop, with the I/O that arrived in
 * between handled first.
 *
 * Why: concurrent changes to a board queue on its row lock (`appendEvents`), held from the append
 * until the COMMIT is done. When the append's result arrives while the loop is busy with other
 * requests' steps, the COMMIT waits for them, and so does every change behind the lock: under load
 * the lock time, not the CPU, bounds the throughput (scheduling bench, PostgreSQL's statement log,
 * 2026-11-30: append → COMMIT took 1.6 ms in the server, 0.6 ms in the plain-pg baseline, of which
 * our code 0.05 ms). So a request's other steps (intake, each step of a transaction before its append,
 * the answer after the commit) wait their turn here: they are not urgent, as a change waiting behind
 * the lock is queued already. Resumed all at once in one `setImmediate` round they would still run
 * back to back (measured: no gain); one per turn puts a poll for I/O between each two.
 */
export class Turns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves in a later turn of the event loop, after the I/O ready by then; one waiter per turn, in order. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.release);
      }
    });
  }

  private readonly release = (): void => {
    const resolve = this.waiting.shift();
    if (this.waiting.length) setImmediate(this.release);
    else this.scheduled = false;
    resolve?.();
  };
}
