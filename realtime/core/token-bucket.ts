/**
 * A synchronous token bucket: `capacity` tokens, refilled evenly over
 * `refillMs`. Costs a subtraction per event, no timer and no promise.
 */
export class TokenBucket {
  private tokens: number;
  private updated: number;

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
  ) {
    this.tokens = capacity;
    this.updated = Date.now();
  }

  /** Spends a token; false (and nothing spent) when none is left. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when a token is left, without spending it. */
  get available(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  /** Back to capacity: forgetting the bucket would change nothing. */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) * this.capacity) / this.refillMs);
    this.updated = now;
  }
}
