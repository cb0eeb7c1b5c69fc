// Who is connected: chat sockets by conversation, list sockets by user, and a per-user
// count for the sockets-per-user limit. In memory only; a restart drops every socket.
import type { ClientConnection } from './connection'

/** Sockets per user across the nodes of a cluster (cluster/socket-tally.ts). */
export interface SocketTally {
  /** Atomically takes one place for the user on this node when every node together holds fewer than `limit`. Never rejects. */
  reserve(userId: number, limit: number): Promise<boolean>
  /** Gives a place back (its socket closed, or it was never opened). */
  release(userId: number): void
}

export class Hub {
  private readonly chatByConversation = new Map<number, Set<ClientConnection>>()
  private readonly listByUser = new Map<number, Set<ClientConnection>>()
  private readonly countByUser = new Map<number, number>()
  private readonly everyone = new Set<ClientConnection>()
  private readonly listeners = new Set<() => void>()

  /** Called after every socket added or removed (presence). Returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  add(connection: ClientConnection): void {
    this.everyone.add(connection)
    const userId = connection.user.id
    this.countByUser.set(userId, (this.countByUser.get(userId) ?? 0) + 1)
    if (connection.conversationId !== null) addTo(this.chatByConversation, connection.conversationId, connection)
    else addTo(this.listByUser, userId, connection)
    this.changed()
  }

  remove(connection: ClientConnection): void {
    if (!this.everyone.delete(connection)) return
    const userId = connection.user.id
    const count = (this.countByUser.get(userId) ?? 1) - 1
    if (count > 0) this.countByUser.set(userId, count)
    else this.countByUser.delete(userId)
    if (connection.conversationId !== null) removeFrom(this.chatByConversation, connection.conversationId, connection)
    else removeFrom(this.listByUser, userId, connection)
    this.changed()
  }

  socketCount(userId: number): number {
    return this.countByUser.get(userId) ?? 0
  }

  chatSockets(conversationId: number): ReadonlySet<ClientConnection> {
    return this.chatByConversation.get(conversationId) ?? EMPTY
  }

  listSockets(userId: number): ReadonlySet<ClientConnection> {
    return this.listByUser.get(userId) ?? EMPTY
  }

  all(): ClientConnection[] {
    return [...this.everyone]
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
