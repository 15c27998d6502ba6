// docs/security.md §8: failed logins are limited per account and per address. In memory: one
// Clientela server serves one firm, and a restart forgetting the counters is acceptable.
type Bucket = { count: number; resetAt: number };

export class FailureLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  blocked(key: string, now = Date.now()): boolean {
    const b = this.buckets.get(key);
    if (!b || b.resetAt <= now) return false;
    return b.count >= this.max;
  }

  fail(key: string, now = Date.now()): void {
    const b = this.buckets.get(key);
    if (!b || b.resetAt <= now) this.buckets.set(key, { count: 1, resetAt: now + this.windowMs });
    else b.count += 1;
    if (this.buckets.size > 100_000) this.sweep(now);
  }

  clear(key: string): void {
    this.buckets.delete(key);
  }

  private sweep(now: number) {
    for (const [k, b] of this.buckets) if (b.resetAt <= now) this.buckets.delete(k);
  }
}
