// Token bucket per connection: `ratePerSecond` sustained, `burst` at once. The clock is
// injectable so the bucket can be unit-tested without waiting.
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(private readonly ratePerSecond: number, private readonly burst: number, private readonly now: () => number = Date.now) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes one token; false when the bucket is empty (the frame should be refused). */
  take(): boolean {
    this.refill()
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /**
   * Takes one token even when there is none, going into debt: for work that must not be
   * dropped (an upload chunk) but must be slowed. Returns how long to wait (ms) before the
   * next frame would be within the rate; 0 when there was a token.
   */
  borrow(): number {
    this.refill()
    this.tokens -= 1
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000)
  }

  private refill(): void {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond)
    this.last = now
  }
}
