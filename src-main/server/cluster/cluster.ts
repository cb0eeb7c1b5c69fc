// A node's membership of a cluster: its connections to the shared Redis and what runs over
// them. The bus (redis-bus.ts) takes one connection for itself (a subscribed connection
// runs no other command); the publisher connection also carries the cluster-wide limits
// (the sign-in throttle's counters, the sockets per user) and this node's heartbeat.
import { randomUUID } from 'node:crypto'
import type { LoginThrottleConfig } from '../auth/login-throttle'
import type { Logger } from '../logger'
import type { Deliver } from './bus'
import { DEFAULT_LIVENESS, NodeLiveness, type LivenessTiming } from './node-liveness'
import { RedisBus } from './redis-bus'
import { openRedis, redactUrl, type RedisLink } from './redis-connection'
import { RedisThrottleStore } from './redis-throttle-store'
import { RedisSocketTally } from './socket-tally'

export interface ClusterOptions {
  /** redis:// or rediss:// URL of the cluster's Redis. */
  url: string
  throttle: LoginThrottleConfig
  log: Logger
  liveness?: LivenessTiming
  /** Random per start when not given: a restarted node is a new node (its old entries die with its liveness key). */
  nodeId?: string
}

export interface Cluster {
  readonly nodeId: string
  readonly sockets: RedisSocketTally
  readonly throttle: RedisThrottleStore
  /** Subscribes to the bus, delivering other nodes' events with `deliver` (once). */
  openBus(deliver: Deliver): Promise<RedisBus>
  /** Stops the heartbeat (this node's socket counts stop counting at once) and closes the connections. */
  close(): Promise<void>
}

/** Connects to the cluster's Redis; rejects with a clear error when it cannot be reached. */
export async function joinCluster(options: ClusterOptions): Promise<Cluster> {
  const nodeId = options.nodeId ?? randomUUID()
  const links: RedisLink[] = []
  try {
    const publisher = await openRedis(options.url, 'publisher', nodeId, options.log)
    links.push(publisher)
    const subscriber = await openRedis(options.url, 'subscriber', nodeId, options.log)
    links.push(subscriber)
    const liveness = new NodeLiveness(publisher, nodeId, options.liveness ?? DEFAULT_LIVENESS, options.log)
    await liveness.start()
    const sockets = new RedisSocketTally(publisher, liveness, options.log)
    const throttle = new RedisThrottleStore(publisher, options.throttle, options.log)
    options.log.info({ node: nodeId, redis: redactUrl(options.url) }, 'cluster: joined')
    let bus: RedisBus | null = null
    return {
      nodeId,
      sockets,
      throttle,
      async openBus(deliver) {
        if (bus) throw new Error('The bus is open already')
        const opened = await RedisBus.start(nodeId, deliver, publisher, subscriber, options.log)
        // A node killed between a commit and its publish: what it committed was never heard here.
        liveness.onNodeLost(() => opened.gap())
        bus = opened
        return opened
      },
      async close() {
        await bus?.close()
        await liveness.stop()
        await Promise.all(links.map((link) => link.close()))
      },
    }
  } catch (error) {
    await Promise.all(links.map((link) => link.close()))
    throw error
  }
}
