// Delivery to connected sockets. A Message is serialized once per distinct (base URL,
// declared extensions) among its recipients (file_url follows the Host each client used,
// the extension keys what it declared), not once per socket.
//
// Chat frames go out synchronously, in commit order. A list socket's conversation_updated
// needs the conversation's summary for its user, read from the storage: it follows (on
// SQLite within the same turn of the event loop).
import type { Logger } from '../logger'
import type { ConversationsStore, MessageRecord } from '../storage/storage'
import type { User } from '../../../src-shared/protocol/types'
import type { ClientConnection } from '../realtime/connection'
import type { Hub } from '../realtime/hub'
import { readsChanges, type DeclaredExt } from './message-ext'
import { toWireConversation, toWireMessage, type WireContext } from './serialize'

/** One serialization per (base URL, ext) among the recipients of one frame. */
class FrameCache {
  private readonly texts = new Map<string, string>()

  constructor(private readonly build: (connection: ClientConnection) => object) {}

  textFor(connection: ClientConnection): string {
    const key = `${connection.ext.key}|${connection.baseUrl}`
    let text = this.texts.get(key)
    if (text === undefined) {
      text = JSON.stringify(this.build(connection))
      this.texts.set(key, text)
    }
    return text
  }
}

export class Fanout {
  /** Sockets corked in this tick (sendCorked), uncorked together at its end. */
  private readonly corked = new Set<ClientConnection>()

  constructor(
    private readonly hub: Hub,
    private readonly conversations: ConversationsStore,
    private readonly wireContext: (baseUrl: string, ext: DeclaredExt) => WireContext,
    /** The /ws/conversations/ extension is on. */
    private readonly listSocketsEnabled: boolean,
    private readonly log: Logger,
  ) {}

  /** Broadcasts freshly committed messages to every participant's chat sockets, then list sockets. */
  messages(records: readonly MessageRecord[]): void {
    const latestByConversation = new Map<number, MessageRecord>()
    for (const record of records) {
      this.sendMessage(this.hub.chatSockets(record.conversationId), record)
      latestByConversation.set(record.conversationId, record)
    }
    // One list update per conversation per batch: the newest message carries the state.
    for (const [conversationId, record] of latestByConversation) void this.conversationChanged(conversationId, record)
  }

  /** A stored message to one socket (the answer to a client_id resend). */
  messageTo(connection: ClientConnection, record: MessageRecord): void {
    connection.send(toWireMessage(record, this.wireOf(connection)))
  }

  /**
   * `message_updated` (an edit, deletion or reaction) to the chat sockets that read changes
   * (seed sockets get nothing: the seed has no such frame), or to `only`, whatever it
   * declared: the answer to that socket's own action.
   */
  messageUpdated(record: MessageRecord, clientId: string | null, only?: ClientConnection): void {
    const cache = new FrameCache((connection) => {
      const frame: Record<string, unknown> = { type: 'message_updated', message: toWireMessage(record, this.wireOf(connection)) }
      if (clientId !== null) frame.client_id = clientId
      return frame
    })
    if (only) return void only.send(cache.textFor(only))
    for (const connection of this.hub.chatSockets(record.conversationId)) {
      if (readsChanges(connection.ext)) this.sendCorked(connection, cache.textFor(connection))
    }
  }

  /** Typing and read receipts: to the other participants' chat sockets only. */
  toOthers(conversationId: number, userId: number, frame: object): void {
    let text: string | null = null
    for (const connection of this.hub.chatSockets(conversationId)) {
      if (connection.user.id === userId) continue
      text ??= JSON.stringify(frame)
      this.sendCorked(connection, text)
    }
  }

  /** `conversation_updated` to each participant's list sockets, with their own unread count. Never rejects: a failed read is logged. */
  async conversationChanged(conversationId: number, latest: MessageRecord | null = null): Promise<void> {
    // No list socket here at all: nothing to read (in a cluster every node hears every batch).
    if (!this.listSocketsEnabled || !this.hub.hasListSockets()) return
    try {
      let participants: User[] | null = null
      for (const userId of await this.conversations.participantIds(conversationId)) {
        if (this.hub.listSockets(userId).size === 0) continue
        participants ??= await this.conversations.participants(conversationId)
        const row = await this.conversations.summary(conversationId, userId)
        if (!row) continue
        const conversation = toWireConversation(row, participants, userId)
        const cache = new FrameCache((connection) => {
          const frame: Record<string, unknown> = { type: 'conversation_updated', conversation }
          if (latest) frame.message = toWireMessage(latest, this.wireOf(connection))
          return frame
        })
        // The sockets as they are now: one may have opened or closed during the reads.
        for (const connection of this.hub.listSockets(userId)) connection.send(cache.textFor(connection))
      }
    } catch (error) {
      this.log.error({ err: error, conversationId }, 'conversation update not sent')
    }
  }

  private sendMessage(sockets: ReadonlySet<ClientConnection>, record: MessageRecord): void {
    const cache = new FrameCache((connection) => toWireMessage(record, this.wireOf(connection)))
    for (const connection of sockets) this.sendCorked(connection, cache.textFor(connection))
  }

  /**
   * Sends with the socket corked until the check phase of this turn of the event loop
   * (setImmediate runs after every I/O callback of the poll phase): every frame a socket gets
   * in one turn (a commit batch; on a cluster node, all the bus envelopes read from Redis in
   * that turn) leaves in one write, not one syscall per frame, and no later than this turn.
   */
  private sendCorked(connection: ClientConnection, text: string): void {
    if (!this.corked.has(connection)) {
      if (this.corked.size === 0) setImmediate(this.uncorkAll)
      connection.cork()
      this.corked.add(connection)
    }
    connection.send(text)
  }

  private readonly uncorkAll = (): void => {
    for (const connection of this.corked) connection.uncork()
    this.corked.clear()
  }

  private wireOf(connection: ClientConnection): WireContext {
    return this.wireContext(connection.baseUrl, connection.ext)
  }
}
