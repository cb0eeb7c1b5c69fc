// A manual clock for state-machine tests: timers fire only when the test advances time.
import type { Clock } from '../../src-shared/client/deps'

interface Timer {
  id: number
  at: number
  callback: () => void
}

export class FakeClock implements Clock {
  private time = 1_700_000_000_000
  private nextId = 1
  private timers: Timer[] = []

  now = (): number => this.time

  setTimeout = (callback: () => void, ms: number): number => {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback }
    this.timers.push(timer)
    return timer.id
  }

  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle)
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!due) break
      this.timers = this.timers.filter((t) => t !== due)
      this.time = due.at
      due.callback()
    }
    this.time = end
  }

  pending(): number {
    return this.timers.length
  }
}

/** Lets queued promise callbacks run (the engine awaits token lookups before opening). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve()
}
