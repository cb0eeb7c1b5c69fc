// When to tell the others "I'm typing": on the first keystroke, again at most every
// REFRESH_MS while typing continues (their indicator expires on its own), and "stopped"
// on send, blur or after IDLE_MS without a keystroke.

export const REFRESH_MS = 3000
export const IDLE_MS = 5000

export class TypingSignal {
  private active = false
  private lastSentAt = 0
  private idleTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly send: (isTyping: boolean) => void,
    private readonly now: () => number = Date.now,
  ) {}

  keystroke(): void {
    const time = this.now()
    if (!this.active || time - this.lastSentAt >= REFRESH_MS) {
      this.send(true)
      this.lastSentAt = time
    }
    this.active = true
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => this.stop(), IDLE_MS)
  }

  stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    if (!this.active) return
    this.active = false
    this.send(false)
  }
}
