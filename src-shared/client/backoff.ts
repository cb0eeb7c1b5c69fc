// Reconnect delays: "full jitter" (AWS architecture blog, Exponential Backoff And Jitter):
// a uniform random delay in [0, min(cap, base * 2^attempt)]. Spreads a LAN's worth of
// clients reconnecting after a host restart instead of having them arrive together.

export interface BackoffPolicy {
  baseMs: number
  capMs: number
}

/** Delay before reconnect attempt `attempt` (1-based). `random` returns [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30)
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
  // Never 0: a tiny floor keeps a flapping server from being hammered in a tight loop.
  return Math.max(Math.floor(random() * ceiling), Math.min(50, ceiling))
}
