// A connection to the cluster's Redis, opened the same way for every use: ioredis
// reconnects by itself (a subscriber re-subscribes), and we make its outages visible.
//
// - Commands fail at once while disconnected (no offline queue) or after COMMAND_TIMEOUT_MS:
//   a node never piles up work for a Redis that is gone; every caller has a local fallback
//   (the envelope is dropped, the throttle and socket counts fall back to this node's).
// - Reconnects every RECONNECT_MAX_MS at most, for ever: Redis coming back heals the cluster.
// - One warning when the connection is lost, one line when it is back (with how long it was
//   gone), instead of an error per reconnect attempt.
import { Redis } from 'ioredis'
import type { Logger } from '../logger'

const COMMAND_TIMEOUT_MS = 2_000
const CONNECT_TIMEOUT_MS = 5_000
const RECONNECT_MAX_MS = 2_000

export interface RedisLink {
  readonly client: Redis
  /** Runs after every connection made ready again after a loss (not the first). Returns the unsubscribe. */
  onReconnected(listener: () => void): () => void
  close(): Promise<void>
}

/** Connects, or rejects with a clear error when Redis cannot be reached now (a node refuses to start without its bus). */
export async function openRedis(url: string, role: string, nodeId: string, log: Logger): Promise<RedisLink> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_MS),
    connectionName: `parley-${nodeId}-${role}`,
  })
  const listeners = new Set<() => void>()
  let lostAt: number | null = null
  let lastError: string | null = null
  let closing = false
  client.on('error', (error: Error) => { lastError = error.message })
  client.on('close', () => {
    if (closing || lostAt !== null) return
    lostAt = Date.now()
    log.warn({ role, node: nodeId, reason: lastError }, 'redis connection lost: reconnecting; live delivery between nodes paused')
  })
  client.on('ready', () => {
    if (lostAt === null) return
    log.warn({ role, node: nodeId, downMs: Date.now() - lostAt }, 'redis connection back')
    lostAt = null
    lastError = null
    for (const listener of listeners) {
      try {
        listener()
      } catch (error) {
        log.error({ err: error, role }, 'redis reconnect listener failed')
      }
    }
  })
  try {
    await client.connect()
  } catch (error) {
    closing = true
    client.disconnect()
    throw new Error(`Cannot reach Redis at ${redactUrl(url)} (${role}): ${(error as Error).message}`)
  }
  return {
    client,
    onReconnected(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      closing = true
      try {
        await client.quit()
      } catch {
        client.disconnect() // not connected now: nothing to say goodbye to
      }
    },
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(invalid URL)'
  }
}
