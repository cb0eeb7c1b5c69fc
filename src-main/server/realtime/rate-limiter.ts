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
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
