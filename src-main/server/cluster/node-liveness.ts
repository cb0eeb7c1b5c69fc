// Which nodes are alive, for what nodes keep in Redis on their own behalf (the socket counts
// per user: cluster/socket-tally.ts). Each node refreshes a key with a short expiry; a
// node killed outright stops refreshing, and within `ttlMs` its key is gone and whatever it
// held counts for nothing.
//
// A node writes under an *incarnation* id (node id + a number), new whenever what it wrote
// may be incomplete: after a reconnect (writes made during the outage failed) or when its
// key expired anyway (the event loop stalled past the expiry, and other nodes may already
// have cleaned its entries away). Listeners then write their state afresh under the new id;
// the old one's entries are dead at once and cleaned up lazily.
import type { Logger } from '../logger'
import type { RedisLink } from './redis-connection'

export interface LivenessTiming {
  /** How often the key is refreshed. */
  heartbeatMs: number
  /** Its expiry: how long a killed node's entries still count. */
  ttlMs: number
}

export const DEFAULT_LIVENESS: LivenessTiming = { heartbeatMs: 1_000, ttlMs: 5_000 }

/** Key of a live incarnation; its value means nothing, its existence is the point. */
export const LIVE_KEY_PREFIX = 'parley:live:'

export class NodeLiveness {
  private incarnation = 0
  private timer: NodeJS.Timeout | null = null
  private readonly listeners = new Set<(id: string) => void>()
  private id: string

  constructor(
    private readonly link: RedisLink,
    private readonly nodeId: string,
    private readonly timing: LivenessTiming,
    private readonly log: Logger,
  ) {
    this.id = this.nextId()
    link.onReconnected(() => void this.renew('reconnected'))
  }

  /** The incarnation this node writes under now. */
  get currentId(): string {
    return this.id
  }

  /** `listener` runs with each new incarnation id: write this node's state again under it. */
  onIncarnation(listener: (id: string) => void): void {
    this.listeners.add(listener)
  }

  async start(): Promise<void> {
    await this.link.client.set(LIVE_KEY_PREFIX + this.id, '1', 'PX', this.timing.ttlMs)
    this.timer = setInterval(() => void this.beat(), this.timing.heartbeatMs)
    this.timer.unref()
  }

  /** A clean stop: this node's entries stop counting at once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.link.client.del(LIVE_KEY_PREFIX + this.id).catch(() => undefined)
  }

  private async beat(): Promise<void> {
    let refreshed: string | null
    try {
      refreshed = await this.link.client.set(LIVE_KEY_PREFIX + this.id, '1', 'PX', this.timing.ttlMs, 'XX')
    } catch {
      return // Redis is away: the connection's log says so, and the reconnect renews
    }
    if (refreshed === null) await this.renew('expired')
  }

  private async renew(reason: string): Promise<void> {
    const old = this.id
    this.id = this.nextId()
    this.log.warn({ node: this.nodeId, incarnation: this.id, reason }, 'cluster: node state written again under a new incarnation')
    try {
      await this.link.client.set(LIVE_KEY_PREFIX + this.id, '1', 'PX', this.timing.ttlMs)
      await this.link.client.del(LIVE_KEY_PREFIX + old)
    } catch {
      return // lost again: the next reconnect renews
    }
    for (const listener of this.listeners) listener(this.id)
  }

  private nextId(): string {
    this.incarnation += 1
    return `${this.nodeId}.${this.incarnation}`
  }
}
