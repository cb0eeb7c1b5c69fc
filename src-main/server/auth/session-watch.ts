// Ends the sockets of sessions that are over. Tokens are checked against the database at
// every request (auth/sessions.ts), but an open socket was checked once, at its handshake:
// when a user is removed, a password reset or a session revoked, that user's sockets must
// close too, also when the change was made by another process on the same file (the CLI).
//
// Noticing another process's commit costs one `PRAGMA data_version` a second: SQLite bumps it
// for this connection whenever a different connection commits, and only then are the open
// sockets' users and sessions looked up (one query each). Changes this process makes
// itself (server.admin, a refresh-token reuse) call sweep() directly.
import { CLOSE } from '../../../src-shared/protocol/types'
import type { Db } from '../db/open-database'
import type { UsersRepo } from '../db/users-repo'
import type { Logger } from '../logger'
import type { Hub } from '../realtime/hub'
import type { Sessions } from './sessions'

export const SESSION_POLL_MS = 1000

export class SessionWatch {
  private readonly timer: NodeJS.Timeout
  private dataVersion: number

  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly users: UsersRepo,
    private readonly sessions: Sessions,
    private readonly log: Logger,
  ) {
    this.dataVersion = this.readDataVersion()
    this.timer = setInterval(() => this.poll(), SESSION_POLL_MS)
    this.timer.unref()
  }

  /** Closes (4001) every socket whose user is gone, whose tokens were invalidated, or whose session was revoked. */
  sweep(): void {
    const connections = this.hub.all()
    if (connections.length === 0) return
    const versions = this.users.activeTokenVersions([...new Set(connections.map((c) => c.user.id))])
    const sessionIds = connections.map((c) => c.session.sessionId).filter((id): id is string => id !== null)
    const revoked = this.sessions.revoked([...new Set(sessionIds)])
    for (const connection of connections) {
      const { sessionId, version } = connection.session
      const ended = versions.get(connection.user.id) !== version || (sessionId !== null && revoked.has(sessionId))
      if (!ended) continue
      this.log.info({ connection: connection.id, userId: connection.user.id }, 'session ended: socket closed')
      connection.close(CLOSE.unauthorized, 'Session ended: sign in again')
    }
  }

  close(): void {
    clearInterval(this.timer)
  }

  private poll(): void {
    try {
      const version = this.readDataVersion()
      if (version === this.dataVersion) return
      this.dataVersion = version
      this.sweep()
    } catch (error) {
      // The database closing under a last tick, or busy: the next tick tries again.
      this.log.debug({ err: error }, 'session poll failed')
    }
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number
  }
}
