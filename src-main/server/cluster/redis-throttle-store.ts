// The sign-in throttle's counters in Redis, shared by every node: guesses spread over the
// nodes of a cluster count together. A counter is a hash (`failures`, `notBefore`) whose
// expiry is the memory bound (`forgetAfterMs`, or the wait when longer) instead of the
// one-server store's least-recently-used list. Check-and-charge is one script, so
// simultaneous attempts on several nodes are charged one after another.
//
// The doubling rule stays in auth/login-throttle.ts (delayAfter): the script is handed the
// wait after each failure count as a table and only looks it up.
//
// Redis unreachable: sign-ins are still throttled, per node, by a memory store, and the log
// says so once per outage.
import {
  delayAfter, MemoryThrottleStore, type LoginThrottleConfig, type ThrottleCounter, type ThrottleRule, type ThrottleStore,
} from '../auth/login-throttle'
import type { Logger } from '../logger'
import type { RedisLink } from './redis-connection'

const KEY_PREFIX = 'parley:throttle:'

// KEYS: the counters. ARGV[1] now (ms), ARGV[2] forgetAfterMs, ARGV[2 + i] the JSON list of
// waits after 1, 2, … failures of KEYS[i] (the last one holds for any count past it).
const CHARGE = `
local now = tonumber(ARGV[1])
local wait = 0
for i = 1, #KEYS do
  local notBefore = tonumber(redis.call('HGET', KEYS[i], 'notBefore') or '0')
  if notBefore - now > wait then wait = notBefore - now end
end
if wait > 0 then return wait end
for i = 1, #KEYS do
  local delays = cjson.decode(ARGV[2 + i])
  local failures = redis.call('HINCRBY', KEYS[i], 'failures', 1)
  local delay = delays[math.min(failures, #delays)]
  if delay > 0 then redis.call('HSET', KEYS[i], 'notBefore', now + delay) end
  redis.call('PEXPIRE', KEYS[i], math.max(tonumber(ARGV[2]), delay))
end
return 0`

// KEYS[1] the counter; ARGV[1] its rule's free failures.
const UNDO = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', -1)
if failures <= 0 then redis.call('DEL', KEYS[1])
elseif failures < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'notBefore', 0) end
return 0`

export class RedisThrottleStore implements ThrottleStore {
  private readonly delays: Record<ThrottleCounter['table'], string>
  private readonly fallback: MemoryThrottleStore
  private degraded = false

  constructor(private readonly link: RedisLink, private readonly config: LoginThrottleConfig, private readonly log: Logger) {
    this.delays = { account: JSON.stringify(delayTable(config.account)), address: JSON.stringify(delayTable(config.address)) }
    this.fallback = new MemoryThrottleStore(config)
  }

  async charge(counters: readonly ThrottleCounter[], now: number): Promise<number> {
    try {
      const wait = await this.link.client.eval(CHARGE, counters.length, ...counters.map(keyOf), now, this.config.forgetAfterMs,
        ...counters.map((c) => this.delays[c.table]))
      this.healthy()
      return Number(wait)
    } catch (error) {
      this.failed(error)
      return this.fallback.charge(counters, now)
    }
  }

  async undo(counter: ThrottleCounter, now: number): Promise<void> {
    try {
      await this.link.client.eval(UNDO, 1, keyOf(counter), this.config[counter.table].free)
    } catch (error) {
      this.failed(error)
      await this.fallback.undo(counter, now)
    }
  }

  async forget(counter: ThrottleCounter): Promise<void> {
    try {
      await this.link.client.del(keyOf(counter))
    } catch (error) {
      this.failed(error)
      await this.fallback.forget(counter)
    }
  }

  private failed(error: unknown): void {
    if (this.degraded) return
    this.degraded = true
    this.log.warn({ err: error }, 'sign-in throttle: Redis unavailable, counting on this node only')
  }

  private healthy(): void {
    if (!this.degraded) return
    this.degraded = false
    this.log.warn('sign-in throttle: counting across the cluster again')
  }
}

function keyOf(counter: ThrottleCounter): string {
  return `${KEY_PREFIX}${counter.table}:${counter.key}`
}

/** The wait after 1, 2, … failures, up to the first count whose wait is the cap (it holds from there on). */
export function delayTable(rule: ThrottleRule): number[] {
  const table: number[] = []
  for (let failures = 1; ; failures += 1) {
    const delay = delayAfter(rule, failures)
    table.push(delay)
    if (delay >= rule.maxMs || failures > rule.free + 31) return table
  }
}
