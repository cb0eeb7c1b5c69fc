// Pure helpers for turning raw samples into the figures the report prints.

/** Nearest-rank percentile of an already sorted array (p in 0..100); NaN when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1))
  return sorted[index] as number
}

export interface LatencySummary {
  count: number
  p50_ms: number
  p99_ms: number
  max_ms: number
}

/** Sorts a copy of the first `count` samples and summarises them in milliseconds. */
export function summarizeLatencies(samples: Float64Array, count: number): LatencySummary {
  const sorted = samples.slice(0, count).sort()
  return {
    count,
    p50_ms: round(percentileOfSorted(sorted, 50), 3),
    p99_ms: round(percentileOfSorted(sorted, 99), 3),
    max_ms: round(count > 0 ? (sorted[count - 1] as number) : Number.NaN, 3),
  }
}

export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Bytes per second → MB/s, where MB is 2^20 bytes (the unit file sizes are shown in). */
export function mbPerSecond(bytes: number, ms: number): number {
  return ms > 0 ? round(bytes / (1024 * 1024) / (ms / 1000), 1) : Number.NaN
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? round(count / (ms / 1000), 0) : Number.NaN
}

export function mib(bytes: number): number {
  return round(bytes / (1024 * 1024), 1)
}
