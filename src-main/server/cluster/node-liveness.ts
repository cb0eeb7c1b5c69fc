// Which nodes are alive. Each node beats every `heartbeatMs`: it refreshes a key with a
// short expiry and its time in a sorted set of nodes (Redis's clock, so nodes' clocks
// need not agree).
//
// - What a node keeps in Redis on its own behalf (the socket counts per user:
//   cluster/socket-tally.ts) counts only while its key lives: a node killed outright stops
//   refreshing it, and within `ttlMs` whatever it held counts for nothing.
// - A node silent for `ttlMs` without leaving cleanly is *lost*: every other node hears of
//   it once (onNodeLost). It may have committed messages it never published (killed between
//   its commit and its publish), which nobody on the other nodes would hear of live: they
//   treat it as a gap (server.ts closes their sockets; the clients fill it from the database,
//   as after one server's restart).
//
// A node writes under an *incarnation* id (node id + a number), new whenever what it wrote
// may be incomplete: after a reconnect (writes made during the outage failed) or when its
// key expired anyway (the event loop stalled past the expiry, and other nodes may already
// have cleaned its entries away). Listeners then write their state afresh under the new id;
// the old one's entries are dead at once and cleaned up lazily.
import type { Logger } from '../logger'
import type { RedisLink } from './redis-connection'

export interface LivenessTiming {
  /** How often a node beats. */
  heartbeatMs: number
  /** Its key's expiry: how long a killed node's entries still count, and how long until it is lost. */
  ttlMs: number
}

export const DEFAULT_LIVENESS: LivenessTiming = { heartbeatMs: 1_000, ttlMs: 5_000 }

/** Key of a live incarnation; its value means nothing, its existence is the point. */
export const LIVE_KEY_PREFIX = 'parley:live:'
/** Sorted set: incarnation → its last beat (ms, Redis's clock). */
const NODES_KEY = 'parley:nodes'
/** Lost nodes stay listed this long, so that every node sees them before they go. */
const FORGET_LOST_MS = 60_000

// KEYS[1] the node set, KEYS[2] this incarnation's key. ARGV: incarnation, ttl, forget.
// Nil when this incarnation's key was gone (renew); else the incarnations silent past the ttl.
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if not redis.call('SET', KEYS[2], '1', 'PX', ARGV[2], 'XX') then return false end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))`

// KEYS[1] the node set, KEYS[2] the new incarnation's key. ARGV: new incarnation, ttl, old incarnation, old key.
const ENTER = `
local t = redis.call('TIME')
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
if ARGV[3] ~= '' then
  redis.call('ZREM', KEYS[1], ARGV[3])
  redis.call('DEL', ARGV[4])
end
return 0`

export class NodeLiveness {
  private incarnation = 0
  private timer: NodeJS.Timeout | null = null
  private readonly incarnationListeners = new Set<(id: string) => void>()
  private readonly lostListeners = new Set<(id: string) => void>()
  /** Lost incarnations already announced (null before the first beat: those lost before this node started are none of its business). */
  private announced: Set<string> | null = null
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
    this.incarnationListeners.add(listener)
  }

  /** `listener` runs once per other node lost (silent past the expiry without leaving). */
  onNodeLost(listener: (id: string) => void): void {
    this.lostListeners.add(listener)
  }

  async start(): Promise<void> {
    await this.enter('')
    await this.beat()
    this.timer = setInterval(() => void this.beat(), this.timing.heartbeatMs)
    this.timer.unref()
  }

  /** A clean leave: this node's entries stop counting at once, and it is not reported lost. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.link.client.multi().zrem(NODES_KEY, this.id).del(LIVE_KEY_PREFIX + this.id).exec().catch(() => undefined)
  }

  private async beat(): Promise<void> {
    let silent: string[] | null
    try {
      silent = await this.link.client.eval(BEAT, 2, NODES_KEY, LIVE_KEY_PREFIX + this.id, this.id, this.timing.ttlMs, FORGET_LOST_MS) as string[] | null
    } catch {
      return // Redis is away: the connection's log says so, and the reconnect renews
    }
    if (silent === null) return void this.renew('expired')
    const first = this.announced === null
    const announced = new Set(silent)
    for (const id of silent) {
      if (first || this.announced?.has(id) || id === this.id) continue
      this.log.warn({ node: this.nodeId, lost: id }, 'cluster: a node stopped without leaving')
      for (const listener of this.lostListeners) listener(id)
    }
    this.announced = announced
  }

  private async renew(reason: string): Promise<void> {
    const old = this.id
    this.id = this.nextId()
    this.log.warn({ node: this.nodeId, incarnation: this.id, reason }, 'cluster: node state written again under a new incarnation')
    try {
      await this.enter(old)
    } catch {
      return // lost again: the next reconnect renews
    }
    for (const listener of this.incarnationListeners) listener(this.id)
  }

  private async enter(old: string): Promise<void> {
    await this.link.client.eval(ENTER, 2, NODES_KEY, LIVE_KEY_PREFIX + this.id, this.id, this.timing.ttlMs, old, old && LIVE_KEY_PREFIX + old)
  }

  private nextId(): string {
    this.incarnation += 1
    return `${this.nodeId}.${this.incarnation}`
  }
}
