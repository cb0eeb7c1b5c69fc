// Timestamps in the conversation list and the day separators of the message view.
import { describe, expect, it } from 'vitest'
import { formatClockTime, formatDayLabel, formatRelativeTime } from '../../src-renderer/conversations/relativeTime'

const now = new Date(2025, 5, 18, 14, 30) // a Wednesday afternoon, local time
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString()
const MIN = 60_000

describe('formatRelativeTime', () => {
  it('says now, then minutes, within the hour', () => {
    expect(formatRelativeTime(ago(10_000), now)).toBe('now')
    expect(formatRelativeTime(ago(5 * MIN), now)).toBe('5 min')
    expect(formatRelativeTime(ago(59 * MIN), now)).toBe('59 min')
    // A clock a little ahead of the server's: still "now", never a negative duration.
    expect(formatRelativeTime(new Date(now.getTime() + 30_000).toISOString(), now)).toBe('now')
  })

  it('gives the clock time earlier today, Yesterday, a weekday this week, a date beyond', () => {
    const morning = new Date(2025, 5, 18, 9, 5)
    expect(formatRelativeTime(morning.toISOString(), now)).toBe(morning.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }))
    expect(formatRelativeTime(new Date(2025, 5, 17, 23, 50).toISOString(), now)).toBe('Yesterday')
    const monday = new Date(2025, 5, 16, 10)
    expect(formatRelativeTime(monday.toISOString(), now)).toBe(monday.toLocaleDateString(undefined, { weekday: 'short' }))
    const march = new Date(2025, 2, 12, 10)
    expect(formatRelativeTime(march.toISOString(), now)).toBe(march.toLocaleDateString(undefined, { day: 'numeric', month: 'short' }))
    const lastYear = new Date(2024, 2, 12, 10)
    expect(formatRelativeTime(lastYear.toISOString(), now)).toContain('2024')
  })

  it('is empty for no time or a malformed one', () => {
    expect(formatRelativeTime(null, now)).toBe('')
    expect(formatRelativeTime('not a date', now)).toBe('')
    expect(formatClockTime('garbage')).toBe('')
  })
})

describe('formatDayLabel', () => {
  it('names today and yesterday, then the full date, with the year only when it differs', () => {
    expect(formatDayLabel(new Date(2025, 5, 18, 0, 1), now)).toBe('Today')
    expect(formatDayLabel(new Date(2025, 5, 17, 23, 59), now)).toBe('Yesterday')
    const sameYear = formatDayLabel(new Date(2025, 0, 3), now)
    expect(sameYear).not.toContain('2025')
    expect(sameYear).toBe(new Date(2025, 0, 3).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' }))
    expect(formatDayLabel(new Date(2023, 11, 31), now)).toContain('2023')
  })
})
