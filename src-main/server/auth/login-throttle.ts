// Password guessing: failed sign-ins are counted per account and per client address, and
// past a few free tries each next try must wait, doubling each time (429 + Retry-After).
//
// - An attempt counts the moment it starts (undone if it succeeds), so 150 guesses sent at
//   once are throttled like 150 sent one after another.
// - Per address the wait grows to 15 minutes: that is the guesser's own machine.
// - Per account it stops at one minute, because anyone can fail sign-ins on someone else's
//   account: the real owner waits at most that long per try while an attack goes on, and
//   the attack gets about one guess a minute per account however many addresses it has.
// - Memory is bounded: at most `maxEntries` keys per table, the least recently touched
//   forgotten first, so spraying made-up accounts cannot grow a map forever. Counters of a
//   key left alone for `forgetAfterMs` start again from zero.
// - A refused attempt is answered only after `holdRefusalMs` (a tarpit): an attacker who
//   ignores Retry-After then gets one answer a second per connection instead of thousands,
//   which would otherwise cost the event loop that delivers chat. At most `maxHeld` are held
//   at once; past that they are answered at once, so holding costs bounded memory.
// Behind a reverse proxy every client has the proxy's address: the per-address table then
// throttles everyone together (docs/security.md).

export interface ThrottleRule {
  /** Failed attempts allowed before the next one must wait. */
  free: number
  /** Wait after the first failure past `free`, doubled after each further one … */
  baseMs: number
  /** … up to this. */
  maxMs: number
}

export interface LoginThrottleConfig {
  account: ThrottleRule
  address: ThrottleRule
  forgetAfterMs: number
  maxEntries: number
  /** How long a refused sign-in waits for its answer. */
  holdRefusalMs: number
  /** Refused sign-ins held at once; more are answered at once. */
  maxHeld: number
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleConfig = {
  account: { free: 5, baseMs: 1_000, maxMs: 60_000 },
  address: { free: 20, baseMs: 1_000, maxMs: 15 * 60_000 },
  forgetAfterMs: 15 * 60_000,
  maxEntries: 10_000,
  holdRefusalMs: 1_000,
  maxHeld: 1_000,
}

interface Counter {
  failures: number
  notBefore: number
  touched: number
}

class CounterTable {
  private readonly counters = new Map<string, Counter>()

  constructor(private readonly rule: ThrottleRule, private readonly config: LoginThrottleConfig) {}

  get size(): number {
    return this.counters.size
  }

  /** Milliseconds until `key` may try again (0: now). */
  waitMs(key: string, now: number): number {
    const counter = this.current(key, now)
    return counter ? Math.max(0, counter.notBefore - now) : 0
  }

  fail(key: string, now: number): void {
    const counter = this.current(key, now) ?? { failures: 0, notBefore: 0, touched: now }
    counter.failures += 1
    counter.touched = now
    const over = counter.failures - this.rule.free
    if (over >= 0) counter.notBefore = now + Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** Math.min(over, 30))
    this.counters.delete(key) // re-inserted last: Map order is least recently touched first
    this.counters.set(key, counter)
    while (this.counters.size > this.config.maxEntries) this.counters.delete(this.counters.keys().next().value as string)
  }

  /** Takes back one failure (the attempt it was charged for succeeded). */
  undo(key: string, now: number): void {
    const counter = this.current(key, now)
    if (!counter) return
    counter.failures -= 1
    if (counter.failures < this.rule.free) counter.notBefore = 0
    if (counter.failures <= 0) this.counters.delete(key)
  }

  forget(key: string): void {
    this.counters.delete(key)
  }

  private current(key: string, now: number): Counter | undefined {
    const counter = this.counters.get(key)
    if (counter && now - counter.touched > this.config.forgetAfterMs && now >= counter.notBefore) {
      this.counters.delete(key)
      return undefined
    }
    return counter
  }
}

export type ThrottleDecision = { ok: true; succeeded(): void } | { ok: false; retryAfterSeconds: number }

export class LoginThrottle {
  private readonly accounts: CounterTable
  private readonly addresses: CounterTable
  private heldNow = 0

  constructor(private readonly config: LoginThrottleConfig = DEFAULT_LOGIN_THROTTLE, private readonly now: () => number = Date.now) {
    this.accounts = new CounterTable(config.account, config)
    this.addresses = new CounterTable(config.address, config)
  }

  /** Charges one attempt, or says how long to wait first. Call succeeded() when the password was right. */
  attempt(account: string, address: string): ThrottleDecision {
    const now = this.now()
    const key = account.trim().toLowerCase()
    const wait = Math.max(this.accounts.waitMs(key, now), this.addresses.waitMs(address, now))
    if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) }
    this.accounts.fail(key, now)
    this.addresses.fail(address, now)
    return {
      ok: true,
      succeeded: () => {
        // The owner got in: the account starts afresh; the address keeps its other failures.
        this.accounts.forget(key)
        this.addresses.undo(address, this.now())
      },
    }
  }

  /** Resolves when a refused sign-in may be answered: after the hold, or at once when too many wait. */
  holdRefusal(): Promise<void> {
    if (this.heldNow >= this.config.maxHeld) return Promise.resolve()
    this.heldNow += 1
    return new Promise((resolve) => {
      setTimeout(() => {
        this.heldNow -= 1
        resolve()
      }, this.config.holdRefusalMs).unref()
    })
  }

  /** Refused sign-ins waiting for their answer now. */
  get held(): number {
    return this.heldNow
  }

  /** Keys held (for tests of the memory bound). */
  get size(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size }
  }
}
