// Typing indicators, both ways, on an injected clock.
// Outgoing: is_typing:true when typing starts, refreshed at most every `refreshMs` while
// it continues (so a late joiner and the remote expiry both see it), false on send, blur
// or after `idleMs` without a keystroke. Nothing is sent while nothing changes.
// Incoming: an indicator that is not refreshed expires after `ttlMs`, so a peer whose
// app crashed mid-sentence does not "type" forever.
import type { Clock, TimerHandle } from './deps'

export class TypingSender {
  private active = false
  private lastSentAt = -Infinity
  private idleTimer: TimerHandle | null = null

  constructor(
    private readonly clock: Clock,
    private readonly send: (isTyping: boolean) => void,
    private readonly refreshMs: number,
    private readonly idleMs: number,
  ) {}

  /** A keystroke (true) or the composer emptied / blurred (false). */
  input(isTyping: boolean): void {
    if (!isTyping) {
      this.stop()
      return
    }
    const now = this.clock.now()
    if (!this.active || now - this.lastSentAt >= this.refreshMs) {
      this.active = true
      this.lastSentAt = now
      this.send(true)
    }
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer)
    this.idleTimer = this.clock.setTimeout(() => this.stop(), this.idleMs)
  }

  /** Sent a message, lost focus, went idle or left the conversation. */
  stop(): void {
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer)
    this.idleTimer = null
    if (!this.active) return
    this.active = false
    this.lastSentAt = -Infinity
    this.send(false)
  }

  /** After a reconnect the server has forgotten; nothing to resend (peers expire it). */
  reset(): void {
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer)
    this.idleTimer = null
    this.active = false
    this.lastSentAt = -Infinity
  }
}

export interface RemoteTypingChange {
  conversationId: number
  userId: number
  userEmail: string
  isTyping: boolean
}

export class RemoteTyping {
  private readonly timers = new Map<string, { handle: TimerHandle; userEmail: string }>()

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly emit: (change: RemoteTypingChange) => void,
  ) {}

  update(change: RemoteTypingChange): void {
    const key = `${change.conversationId}:${change.userId}`
    const existing = this.timers.get(key)
    if (existing) this.clock.clearTimeout(existing.handle)
    if (!change.isTyping) {
      this.timers.delete(key)
      if (existing) this.emit(change)
      return
    }
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(key)
      this.emit({ ...change, isTyping: false })
    }, this.ttlMs)
    this.timers.set(key, { handle, userEmail: change.userEmail })
    if (!existing) this.emit(change)
  }

  /** A message from the user ends their typing; so does a lost connection (no more updates). */
  clear(conversationId: number, userId?: number): void {
    for (const [key, { handle, userEmail }] of [...this.timers]) {
      const [conversation, user] = key.split(':').map(Number)
      if (conversation !== conversationId || (userId !== undefined && user !== userId)) continue
      this.clock.clearTimeout(handle)
      this.timers.delete(key)
      this.emit({ conversationId, userId: user as number, userEmail, isTyping: false })
    }
  }

  dispose(): void {
    for (const { handle } of this.timers.values()) this.clock.clearTimeout(handle)
    this.timers.clear()
  }
}
