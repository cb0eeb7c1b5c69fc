// Exponential backoff, the one rule for "wait longer after each failure": the ceiling
// doubles per attempt from `baseMs` up to `capMs`. Clients reconnecting use it with "full
// jitter" (AWS architecture blog, Exponential Backoff And Jitter): a uniform random delay
// in [0, ceiling], which spreads a LAN's worth of clients reconnecting after a host restart
// instead of having them arrive together. The host's server supervisor, restarting one
// process, waits the ceiling itself.

export interface BackoffPolicy {
  baseMs: number
  capMs: number
}

/** min(cap, base * 2^(attempt - 1)) for attempt `attempt` (1-based). */
export function backoffCeiling(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30)
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
}

/** Delay before reconnect attempt `attempt` (1-based), with full jitter. `random` returns [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(policy, attempt)
  // Never 0: a tiny floor keeps a flapping server from being hammered in a tight loop.
  return Math.max(Math.floor(random() * ceiling), Math.min(50, ceiling))
}
