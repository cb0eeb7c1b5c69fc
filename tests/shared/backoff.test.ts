import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../src-shared/client/backoff'

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
