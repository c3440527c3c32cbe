/**
 * Failed logins per (IP, username) pair in a sliding minute. In memory, per node: with N nodes
 * an attacker gets at most N × 10 tries a minute, which still stops online guessing.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
  ) {}

  private key(ip: string, username: string): string {
    return `${ip}\u0000${username.toLowerCase()}`;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  isBlocked(ip: string, username: string, now = Date.now()): boolean {
    return this.recent(this.key(ip, username), now).length >= this.maxFailures;
  }

  recordFailure(ip: string, username: string, now = Date.now()): void {
    const key = this.key(ip, username);
    this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 100_000) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const key of this.failures.keys()) this.recent(key, now);
  }
}
