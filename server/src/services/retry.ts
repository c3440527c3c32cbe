import { AppError } from '../errors';

/** Attempts of one change before giving up on races that keep undoing it. */
export const MAX_ATTEMPTS = 3;

const code = (err: unknown) => (err as { code?: string }).code;
/** The exclusion constraint refused an overlapping scheduled occurrence. */
export const isExclusion = (err: unknown) => code(err) === '23P01';
/** PostgreSQL aborted the transaction to break a lock cycle (or a serialization failure): safe to run again. */
export const isRetryable = (err: unknown) => code(err) === '40P01' || code(err) === '40001';

/** A 409 for the rare case where the blocker vanished and came back on every attempt. */
export const keptColliding = () =>
  new AppError('conflict', 'the change kept colliding with concurrent changes; reload and try again', undefined, {
    conflicts: [],
    hints: { nextFree: [], freeAssets: [] },
  });

/** Runs a transaction again when PostgreSQL aborted it for a deadlock. */
export async function retryDeadlocks<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
