import { describe, expect, it } from 'vitest'
import { backoffCeiling, backoffDelay } from '../../src-shared/client/backoff'

const policy = { baseMs: 500, capMs: 30_000 }

describe('backoffDelay (full jitter)', () => {
  it('grows the ceiling exponentially and caps it', () => {
    const ceilings = [1, 2, 3, 4, 7, 20].map((attempt) => backoffDelay(policy, attempt, () => 0.999999))
    expect(ceilings).toEqual([499, 999, 1999, 3999, 29_999, 29_999])
  })

  it('spreads delays uniformly below the ceiling, never zero', () => {
    expect(backoffDelay(policy, 5, () => 0.5)).toBe(4000)
    expect(backoffDelay(policy, 5, () => 0)).toBe(50)
  })
})

describe('backoffCeiling (no jitter: one supervised process)', () => {
  it('doubles from the base per attempt and stops at the cap', () => {
    expect([1, 2, 3, 6, 7, 40].map((attempt) => backoffCeiling(policy, attempt))).toEqual([500, 1000, 2000, 16_000, 30_000, 30_000])
  })
})
