// Who is connected: chat sockets by conversation, list sockets by user, and a per-user
// count for the sockets-per-user limit. In memory only; a restart drops every socket. In a
// cluster the limit holds across nodes through a SocketTally (cluster/socket-tally.ts).
import type { ClientConnection } from './connection'

/** Sockets per user across the nodes of a cluster (cluster/socket-tally.ts). */
export interface SocketTally {
  /** Atomically takes one place for the user on this node when every node together holds fewer than `limit`. Never rejects. */
  reserve(userId: number, limit: number): Promise<boolean>
  /** Gives a place back (its socket closed, or it was never opened). Settles once the cluster has it; never rejects. */
  release(userId: number): Promise<void>
}

export class Hub {
  private readonly chatByConversation = new Map<number, Set<ClientConnection>>()
  private readonly listByUser = new Map<number, Set<ClientConnection>>()
  private readonly countByUser = new Map<number, number>()
  private readonly everyone = new Set<ClientConnection>()
  private readonly listeners = new Set<() => void>()

  constructor(private readonly tally: SocketTally | null = null) {}

  /** Called after every socket added or removed (presence). Returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Takes one of the user's socket places when they hold fewer than `limit` (on this node,
   * then across the cluster): add() fills it, release() gives it back when no socket came of it.
   * Counted here at once, so simultaneous sockets of one user cannot all pass the last place.
   */
  async reserve(userId: number, limit: number): Promise<boolean> {
    const count = this.countByUser.get(userId) ?? 0
    if (count >= limit) return false
    this.countByUser.set(userId, count + 1)
    if (!this.tally || await this.tally.reserve(userId, limit)) return true
    this.uncount(userId)
    return false
  }

  release(userId: number): void {
    this.uncount(userId)
    void this.tally?.release(userId) // settles on its own; a failure is handled inside
  }

  /** A socket whose place reserve() took. */
  add(connection: ClientConnection): void {
    this.everyone.add(connection)
    const userId = connection.user.id
    if (connection.conversationId !== null) addTo(this.chatByConversation, connection.conversationId, connection)
    else addTo(this.listByUser, userId, connection)
    this.changed()
  }

  remove(connection: ClientConnection): void {
    if (!this.everyone.delete(connection)) return
    const userId = connection.user.id
    this.release(userId)
    if (connection.conversationId !== null) removeFrom(this.chatByConversation, connection.conversationId, connection)
    else removeFrom(this.listByUser, userId, connection)
    this.changed()
  }

  chatSockets(conversationId: number): ReadonlySet<ClientConnection> {
    return this.chatByConversation.get(conversationId) ?? EMPTY
  }

  listSockets(userId: number): ReadonlySet<ClientConnection> {
    return this.listByUser.get(userId) ?? EMPTY
  }

  hasListSockets(): boolean {
    return this.listByUser.size > 0
  }

  all(): ClientConnection[] {
    return [...this.everyone]
  }

  private uncount(userId: number): void {
    const count = (this.countByUser.get(userId) ?? 1) - 1
    if (count > 0) this.countByUser.set(userId, count)
    else this.countByUser.delete(userId)
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}

const EMPTY: ReadonlySet<ClientConnection> = new Set()

function addTo(map: Map<number, Set<ClientConnection>>, key: number, connection: ClientConnection): void {
  let set = map.get(key)
  if (!set) map.set(key, (set = new Set()))
  set.add(connection)
}

function removeFrom(map: Map<number, Set<ClientConnection>>, key: number, connection: ClientConnection): void {
  const set = map.get(key)
  if (!set) return
  set.delete(connection)
  if (set.size === 0) map.delete(key)
}
