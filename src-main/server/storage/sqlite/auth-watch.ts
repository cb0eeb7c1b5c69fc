// Storage.onAuthChange on SQLite. Another process on the same file (the CLI removing an
// account or resetting a password) is noticed with one `PRAGMA data_version` a second:
// SQLite bumps it for this connection whenever a different connection commits. Changes
// made through this process's storage are announced at once by the store that made them.
import type { Db } from '../../db/open-database'

export const AUTH_POLL_MS = 1000

export class AuthWatch {
  private readonly listeners = new Set<() => void>()
  private timer: NodeJS.Timeout | null = null
  private dataVersion = 0

  constructor(private readonly db: Db) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    if (!this.timer) {
      this.dataVersion = this.readDataVersion()
      this.timer = setInterval(() => this.poll(), AUTH_POLL_MS)
      this.timer.unref()
    }
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) this.stop()
    }
  }

  /** Users or sessions were changed through this process's storage. */
  announce(): void {
    for (const listener of [...this.listeners]) listener()
  }

  close(): void {
    this.listeners.clear()
    this.stop()
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private poll(): void {
    let version: number
    try {
      version = this.readDataVersion()
    } catch {
      // The database busy or closing under a last tick: the next tick tries again.
      return
    }
    if (version === this.dataVersion) return
    this.dataVersion = version
    this.announce()
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number
  }
}
