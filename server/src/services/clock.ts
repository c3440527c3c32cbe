/**
 * "Now" for the scheduling services. Production reads the system clock; tests pin it, so DST and
 * horizon cases are deterministic whatever day they run on.
 */
export interface Clock {
  now(): Date;
}

export class AdjustableClock implements Clock {
  private fixed: number | null = null;

  now(): Date {
    return new Date(this.fixed ?? Date.now());
  }

  /** Pins "now" to an instant (tests). */
  set(at: Date | string | number): void {
    const ms = new Date(at).getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`not a date: ${String(at)}`);
    this.fixed = ms;
  }

  /** Back to the system clock. */
  reset(): void {
    this.fixed = null;
  }
}
