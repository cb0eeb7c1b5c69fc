// Storage.onAuthChange on PostgreSQL: every statement that ends tokens or sessions (user
// removed or revived, password reset, session revoked) NOTIFYs AUTH_CHANNEL in its own
// transaction, so the notification exists exactly when the change is committed, whichever
// node or CLI made it. One LISTEN connection per process hears them; listeners run at most
// once per COALESCE_MS (a burst of revocations is one sweep). When the connection drops it
// reconnects, and listeners then run once: a change made meanwhile was not heard.
import pg from 'pg'
import { clientConfig } from './pool'

export const AUTH_CHANNEL = 'parley_auth'
const COALESCE_MS = 1000
const RECONNECT_MS = 1000

export interface AuthChangesOptions {
  /** Reports a lost or failed LISTEN connection (it is retried); the process keeps working. */
  onError?: (error: Error) => void
}

export class AuthChanges {
  private readonly listeners = new Set<() => void>()
  private client: pg.Client | null = null
  private closed = false
  private lastRun = 0
  private timer: NodeJS.Timeout | null = null
  private reconnectTimer: NodeJS.Timeout | null = null

  constructor(private readonly url: string, private readonly options: AuthChangesOptions = {}) {}

  /** Connects and LISTENs; rejects when the first connection fails (the database is unreachable). */
  async start(): Promise<void> {
    await this.connect()
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    const client = this.client
    this.client = null
    await client?.end().catch(() => undefined)
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(clientConfig(this.url))
    client.on('notification', (message) => { if (message.channel === AUTH_CHANNEL) this.changed() })
    client.on('error', (error) => this.lost(client, error))
    client.on('end', () => this.lost(client, new Error('The PostgreSQL LISTEN connection ended')))
    try {
      await client.connect()
      await client.query(`LISTEN ${AUTH_CHANNEL}`)
    } catch (error) {
      await client.end().catch(() => undefined)
      throw error
    }
    if (this.closed) {
      await client.end()
      return
    }
    this.client = client
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.closed || this.client !== client) return
    this.client = null
    this.options.onError?.(error)
    client.end().catch(() => undefined)
    this.scheduleReconnect()
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      this.connect().then(() => this.changed(), (error: unknown) => {
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)))
        this.scheduleReconnect()
      })
    }, RECONNECT_MS)
  }

  private changed(): void {
    if (this.timer || this.closed) return
    const wait = Math.max(0, this.lastRun + COALESCE_MS - Date.now())
    this.timer = setTimeout(() => {
      this.timer = null
      this.lastRun = Date.now()
      for (const listener of [...this.listeners]) listener()
    }, wait)
  }
}
