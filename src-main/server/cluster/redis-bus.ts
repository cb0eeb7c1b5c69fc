// The bus of a cluster: Redis pub/sub on one channel that every node publishes to and
// subscribes to, over one publisher and one subscriber connection per node.
//
// Order: one publisher connection per node, so every node receives a node's envelopes in
// the order that node committed them (per-sender order holds across nodes).
//
// A Redis outage: messages are durable in the database before they are sent here, so
// nothing is lost, only live delivery between nodes stops. Envelopes sent meanwhile are
// dropped (counted, and said in the log when Redis is back) rather than queued without
// bound; each node's own sockets keep hearing each other (local delivery never waits for
// Redis). When the subscriber is back, `onGap` listeners run: what other nodes sent in
// between never arrived, and this node's clients must catch up (they do on reconnect).
import type { Logger } from '../logger'
import type { Bus, BusEvent, Deliver } from './bus'
import { decodeEnvelope, encodeEnvelopes, ENVELOPE_VERSION } from './envelope'
import type { RedisLink } from './redis-connection'

/** The channel every node of a cluster shares (a Redis database or server per cluster). */
export const BUS_CHANNEL = 'parley:bus'

/** At most one log line per this many ms about refused envelopes (a flood must not flood the logs). */
const REFUSED_LOG_EVERY_MS = 10_000

export class RedisBus implements Bus {
  private readonly gapListeners = new Set<() => void>()
  private dropped = 0
  /** How every envelope of this node begins (encodeEnvelopes): its own come back and are skipped before any parsing. */
  private readonly ownPrefix: Buffer
  private refused = { count: 0, loggedAt: 0 }

  private constructor(
    readonly nodeId: string,
    private readonly deliver: Deliver,
    private readonly publisher: RedisLink,
    private readonly subscriber: RedisLink,
    private readonly log: Logger,
  ) {
    this.ownPrefix = Buffer.from(`${JSON.stringify({ v: ENVELOPE_VERSION, node: nodeId }).slice(0, -1)},`)
    subscriber.client.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.received(message))
    subscriber.onReconnected(() => this.gap())
    publisher.onReconnected(() => {
      if (this.dropped === 0) return
      this.log.warn({ node: nodeId, dropped: this.dropped }, 'bus: envelopes not published while Redis was unreachable (durable; other nodes\' clients catch up on reconnect)')
      this.dropped = 0
    })
  }

  /** Subscribes on `subscriber` (a connection of its own: a subscribed connection runs no other command). */
  static async start(nodeId: string, deliver: Deliver, publisher: RedisLink, subscriber: RedisLink, log: Logger): Promise<RedisBus> {
    const bus = new RedisBus(nodeId, deliver, publisher, subscriber, log)
    await subscriber.client.subscribe(BUS_CHANNEL)
    return bus
  }

  send(event: BusEvent): void | Promise<void> {
    try {
      return this.deliver(event)
    } finally {
      this.publish(event)
    }
  }

  onGap(listener: () => void): () => void {
    this.gapListeners.add(listener)
    return () => this.gapListeners.delete(listener)
  }

  /** The connections are the cluster's (cluster/cluster.ts), closed there. */
  async close(): Promise<void> {
    await this.subscriber.client.unsubscribe(BUS_CHANNEL).catch(() => undefined)
  }

  private publish(event: BusEvent): void {
    for (const text of encodeEnvelopes(this.nodeId, event)) {
      this.publisher.client.publish(BUS_CHANNEL, text).catch(() => {
        // The connection's own log line says Redis is gone; count what was not sent.
        this.dropped += 1
      })
    }
  }

  private received(bytes: Buffer): void {
    if (bytes.subarray(0, this.ownPrefix.byteLength).equals(this.ownPrefix)) return
    const decoded = decodeEnvelope(bytes)
    if (!decoded.ok) return this.refuse(decoded.reason, bytes.byteLength)
    const failed = (error: unknown): void => {
      this.log.error({ err: error, node: this.nodeId, from: decoded.envelope.node, kind: decoded.envelope.event.kind }, 'bus: delivering an envelope failed')
    }
    try {
      this.deliver(decoded.envelope.event)?.catch(failed)
    } catch (error) {
      failed(error)
    }
  }

  private refuse(reason: string, bytes: number): void {
    this.refused.count += 1
    const now = Date.now()
    if (now - this.refused.loggedAt < REFUSED_LOG_EVERY_MS) return
    this.log.warn({ node: this.nodeId, reason, bytes, refusedSinceLastLine: this.refused.count }, 'bus: invalid envelope dropped')
    this.refused = { count: 0, loggedAt: now }
  }

  /** Events from other nodes may have been missed (the subscriber reconnected, a node was lost): onGap listeners run. */
  gap(): void {
    for (const listener of this.gapListeners) {
      try {
        listener()
      } catch (error) {
        this.log.error({ err: error }, 'bus: gap listener failed')
      }
    }
  }
}
