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
// - The counters live in a ThrottleStore: memory on one server; in a cluster, Redis
//   (cluster/redis-throttle-store.ts), so guesses spread over the nodes count together.
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

/** The wait after a counter's `failures`-th failure (0: none yet): the one statement of the doubling rule. */
export function delayAfter(rule: ThrottleRule, failures: number): number {
  const over = failures - rule.free
  return over < 0 ? 0 : Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(over, 30))
}

export type ThrottleTable = 'account' | 'address'

export interface ThrottleCounter {
  table: ThrottleTable
  key: string
}

/**
 * Where the counters live: this process's memory (one server), or Redis, shared by the
 * nodes of a cluster (cluster/redis-throttle-store.ts). The rules come from the config.
 */
export interface ThrottleStore {
  /**
   * Atomically: when none of `counters` must wait, charges one failure to each and resolves
   * 0; otherwise the longest wait in ms, nothing charged.
   */
  charge(counters: readonly ThrottleCounter[], now: number): Promise<number>
  /** Takes back one failure (the attempt it was charged for succeeded). */
  undo(counter: ThrottleCounter, now: number): Promise<void>
  forget(counter: ThrottleCounter): Promise<void>
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
    const delay = delayAfter(this.rule, counter.failures)
    if (delay > 0) counter.notBefore = now + delay
    this.counters.delete(key) // re-inserted last: Map order is least recently touched first
    this.counters.set(key, counter)
    while (this.counters.size > this.config.maxEntries) this.counters.delete(this.counters.keys().next().value as string)
  }

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

/** One server's counters: in memory, at most `maxEntries` keys per table, the least recently touched forgotten first. */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly tables: Record<ThrottleTable, CounterTable>

  constructor(config: LoginThrottleConfig) {
    this.tables = { account: new CounterTable(config.account, config), address: new CounterTable(config.address, config) }
  }

  /** No await inside: atomic. */
  async charge(counters: readonly ThrottleCounter[], now: number): Promise<number> {
    const wait = Math.max(0, ...counters.map((c) => this.tables[c.table].waitMs(c.key, now)))
    if (wait > 0) return wait
    for (const c of counters) this.tables[c.table].fail(c.key, now)
    return 0
  }

  async undo(counter: ThrottleCounter, now: number): Promise<void> {
    this.tables[counter.table].undo(counter.key, now)
  }

  async forget(counter: ThrottleCounter): Promise<void> {
    this.tables[counter.table].forget(counter.key)
  }

  /** Keys held (for tests of the memory bound). */
  get size(): { accounts: number; addresses: number } {
    return { accounts: this.tables.account.size, addresses: this.tables.address.size }
  }
}

export type ThrottleDecision = { ok: true; succeeded(): Promise<void> } | { ok: false; retryAfterSeconds: number }

export class LoginThrottle {
  private heldNow = 0

  constructor(
    private readonly config: LoginThrottleConfig = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
    private readonly store: ThrottleStore = new MemoryThrottleStore(config),
  ) {}

  /** Charges one attempt, or says how long to wait first. Call succeeded() when the password was right. */
  async attempt(account: string, address: string): Promise<ThrottleDecision> {
    const accountCounter: ThrottleCounter = { table: 'account', key: account.trim().toLowerCase() }
    const addressCounter: ThrottleCounter = { table: 'address', key: address }
    const wait = await this.store.charge([accountCounter, addressCounter], this.now())
    if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) }
    return {
      ok: true,
      // The owner got in: the account starts afresh; the address keeps its other failures.
      succeeded: () => Promise.all([this.store.forget(accountCounter), this.store.undo(addressCounter, this.now())]).then(() => undefined),
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
}
