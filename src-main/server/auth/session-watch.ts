// Ends the sockets of sessions that are over. Tokens are checked against the storage at
// every request (auth/sessions.ts), but an open socket was checked once, at its handshake:
// when a user is removed, a password reset or a session revoked, that user's sockets must
// close too, also when the change was made by another process (the CLI, another node).
//
// The storage says when users or sessions changed (Storage.onAuthChange: this process's
// changes at once, others' within about a second); only then are the open sockets' users
// and sessions looked up (one query each).
import { CLOSE } from '../../../src-shared/protocol/types'
import type { Logger } from '../logger'
import type { Hub } from '../realtime/hub'
import type { Storage } from '../storage/storage'

export class SessionWatch {
  private readonly unsubscribe: () => void
  /** A sweep under way, and whether another was asked for meanwhile. */
  private running: Promise<void> | null = null
  private again = false

  constructor(
    private readonly storage: Storage,
    private readonly hub: Hub,
    private readonly log: Logger,
  ) {
    this.unsubscribe = storage.onAuthChange(() => void this.sweep())
  }

  /**
   * Closes (4001) every socket whose user is gone, whose tokens were invalidated, or whose
   * session was revoked. Sweeps asked for while one runs become one more, after it.
   */
  private sweep(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false
        try {
          await this.sweepOnce()
        } catch (error) {
          // The database closing under a last change, or busy: the next change sweeps again.
          this.log.debug({ err: error }, 'session sweep failed')
        }
      } while (this.again)
      this.running = null
    }
    this.running = run()
    return this.running
  }

  close(): void {
    this.unsubscribe()
  }

  private async sweepOnce(): Promise<void> {
    const connections = this.hub.all()
    if (connections.length === 0) return
    const versions = await this.storage.users.activeTokenVersions([...new Set(connections.map((c) => c.user.id))])
    const sessionIds = connections.map((c) => c.session.sessionId).filter((id): id is string => id !== null)
    const revoked = await this.storage.sessions.revokedAmong([...new Set(sessionIds)])
    for (const connection of connections) {
      const { sessionId, version } = connection.session
      const ended = versions.get(connection.user.id) !== version || (sessionId !== null && revoked.has(sessionId))
      if (!ended) continue
      this.log.info({ connection: connection.id, userId: connection.user.id }, 'session ended: socket closed')
      connection.close(CLOSE.unauthorized, 'Session ended: sign in again')
    }
  }
}
