// When the composer tells others "typing": first keystroke, refreshes while typing goes on,
// "stopped" on idle/send/blur, and nothing redundant. Fake timers stand in for the clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IDLE_MS, REFRESH_MS, TypingSignal } from '../../src-renderer/composer/typingSignal'

describe('TypingSignal', () => {
  let sent: boolean[]
  let signal: TypingSignal
  beforeEach(() => {
    vi.useFakeTimers()
    sent = []
    signal = new TypingSignal((isTyping) => sent.push(isTyping), () => Date.now())
  })
  afterEach(() => {
    signal.stop()
    vi.useRealTimers()
  })

  it('sends typing once for a burst of keystrokes, then refreshes every REFRESH_MS', () => {
    signal.keystroke()
    for (let i = 0; i < 10; i += 1) {
      vi.advanceTimersByTime(200)
      signal.keystroke()
    }
    expect(sent).toEqual([true])
    vi.advanceTimersByTime(REFRESH_MS - 2000)
    signal.keystroke()
    expect(sent).toEqual([true, true])
  })

  it('sends stopped after IDLE_MS without a keystroke, and only once', () => {
    signal.keystroke()
    vi.advanceTimersByTime(IDLE_MS - 1)
    expect(sent).toEqual([true])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([true, false])
    signal.stop()
    vi.advanceTimersByTime(IDLE_MS * 2)
    expect(sent).toEqual([true, false])
  })

  it('each keystroke pushes the idle stop back', () => {
    signal.keystroke()
    for (let i = 0; i < 4; i += 1) {
      vi.advanceTimersByTime(IDLE_MS - 100)
      signal.keystroke()
    }
    expect(sent.filter((value) => !value)).toEqual([])
    vi.advanceTimersByTime(IDLE_MS)
    expect(sent.at(-1)).toBe(false)
  })

  it('stop (send or blur) says stopped at once and cancels the idle timer; typing again starts over', () => {
    signal.keystroke()
    signal.stop()
    expect(sent).toEqual([true, false])
    vi.advanceTimersByTime(IDLE_MS)
    expect(sent).toEqual([true, false])
    signal.keystroke()
    expect(sent).toEqual([true, false, true])
  })

  it('stop without typing sends nothing', () => {
    signal.stop()
    expect(sent).toEqual([])
  })
})
