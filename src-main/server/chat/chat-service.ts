// The chat service: the one way a message gets stored and broadcast, whichever socket
// or upload path it came from. Writes go through the storage's batched ChatStore (what a
// write may do is decided there, by chat/chat-rules.ts); broadcast follows the durable
// commit, and reads that show messages to clients go through Storage.readDurable().
// Media files and broadcast stay here: broadcast goes through the bus (cluster/bus.ts),
// which delivers to this node's sockets at once and, in a cluster, to every other node's.
// Public to server extensions (see ../extensions.ts): keep these signatures stable.
import mime from 'mime-types'
import type { User } from '../../../src-shared/protocol/types'
import type { MediaStore } from '../media/media-store'
import type { ClientConnection } from '../realtime/connection'
import type { CommitOutcome, MessageRecord, NewMessage, Storage } from '../storage/storage'
import type { Bus } from '../cluster/bus'
import type { Fanout } from './fanout'
import { ChatRefusal, type ActionInput } from './chat-rules'
import { readsChanges } from './message-ext'

export interface PostMessageInput {
  conversationId: number
  sender: User
  content: string
  /** Parley idempotency key; at most one message per (sender, clientId). */
  clientId?: string | null
  /** `reply`: the message answered; refused (ChatRefusal) unless a live message of this conversation. */
  replyTo?: number | null
  /** `mentions`: user ids (realtime/send-extras.ts checked the shape); non-participants and repeats are dropped. */
  mentions?: readonly number[]
}

export interface StoreFileMessageInput extends PostMessageInput {
  /** Relative to the media root ("chat_files/YYYY/MM/DD/<name>"), from MediaStore.allocate(). The bytes must already be durably on disk. */
  storedRelativePath: string
  /** Sanitized display name (media/filenames.ts sanitizeFilename). */
  filename: string
  size: number
}

export interface SaveFileMessageInput extends PostMessageInput {
  filename: string
  data: Uint8Array
}

export interface PostResult {
  message: MessageRecord
  /** False when (sender, clientId) was already stored: nothing new was broadcast. */
  created: boolean
}

export class ChatService {
  /** File writes and commits under way, awaited at shutdown. */
  private readonly inflight = new Set<Promise<unknown>>()

  constructor(
    private readonly storage: Pick<Storage, 'chat' | 'messages' | 'readDurable'>,
    private readonly media: MediaStore,
    /** Answers to one socket only (a resend's stored message, an action's own answer). */
    private readonly fanout: Fanout,
    /** Everything everyone concerned hears. */
    private readonly bus: Bus,
  ) {
    storage.chat.onCommitted((outcomes) => this.broadcast(outcomes))
  }

  /**
   * Stores a text message, then broadcasts it. When `origin` is given and the clientId
   * was already used, the stored message is sent to `origin` alone instead.
   */
  postMessage(input: PostMessageInput, origin?: ClientConnection): Promise<PostResult> {
    return this.commit({ ...toNew(input), attachment: null }, origin)
  }

  /** Stores a file message whose file already sits in the media folder, then broadcasts it. On a duplicate clientId the file is deleted. */
  storeFileMessage(input: StoreFileMessageInput, origin?: ClientConnection): Promise<PostResult> {
    const now = new Date().toISOString()
    return this.commit({
      ...toNew(input),
      attachment: {
        storedPath: input.storedRelativePath,
        filename: input.filename,
        size: input.size,
        mimeType: mime.lookup(input.filename) || 'application/octet-stream',
        uploadedAt: now,
      },
    }, origin)
  }

  /** Writes (and fsyncs) the bytes under media, then stores the file message (the seed's file_message). */
  saveFileMessage(input: SaveFileMessageInput, origin?: ClientConnection): Promise<PostResult> {
    return this.track(this.writeAndStore(input, origin))
  }

  private async writeAndStore(input: SaveFileMessageInput, origin?: ClientConnection): Promise<PostResult> {
    const existing = await this.storage.readDurable(() => this.findDuplicate(input))
    if (existing) return this.answerDuplicate(existing, origin)
    const file = this.media.allocate(input.filename)
    try {
      await this.media.writeDurably(file, input.data)
    } catch (error) {
      await this.media.remove(file.storedPath)
      throw error
    }
    return this.storeFileMessage({ ...input, storedRelativePath: file.storedPath, size: input.data.byteLength }, origin)
  }

  /**
   * Applies an edit, deletion or reaction in the group commit, then broadcasts
   * message_updated. A resend of a known clientId, or an action that changes nothing,
   * answers `origin` alone with the message as it is. Rejects with ChatRefusal for a
   * forbidden action (nothing stored).
   */
  act(input: ActionInput, origin?: ClientConnection): Promise<MessageRecord> {
    return this.track(this.actNow(input, origin))
  }

  private async actNow(input: ActionInput, origin: ClientConnection | undefined): Promise<MessageRecord> {
    const result = await this.storage.chat.act(input)
    if (result.removedFile) await this.media.remove(result.removedFile)
    // The acting socket always hears back (its outbox waits for it), even when the broadcast
    // skipped it (nothing changed, or it declared no ext).
    if (origin && (!result.changed || !readsChanges(origin.ext))) this.fanout.messageUpdated(result.message, result.clientId, origin)
    return result.message
  }

  /** The seed's mark_read: marks (in the group commit), sends read_receipt to the others, updates list sockets. */
  async markRead(conversationId: number, reader: User): Promise<number> {
    const result = await this.track(this.storage.chat.markRead(conversationId, reader))
    return result.marked
  }

  /** Typing indicator to the other participants. */
  typing(conversationId: number, user: User, isTyping: boolean): void {
    void this.bus.send({ kind: 'typing', conversationId, userId: user.id, userEmail: user.email, isTyping })
  }

  /** Tells list sockets about a new conversation (resolves when this node's have heard). */
  async conversationCreated(conversationId: number): Promise<void> {
    await this.bus.send({ kind: 'conversation', conversationId, latest: null })
  }

  /** Resolves when every message submitted so far is committed and broadcast. */
  async drained(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight])
    await this.storage.chat.drained()
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work)
    const forget = (): void => { this.inflight.delete(work) }
    work.then(forget, forget)
    return work
  }

  private async findDuplicate(input: PostMessageInput): Promise<MessageRecord | null> {
    return input.clientId ? this.storage.messages.findByClientId(input.sender.id, input.clientId) : null
  }

  private commit(input: NewMessage, origin: ClientConnection | undefined): Promise<PostResult> {
    return this.track(this.commitNow(input, origin))
  }

  private async commitNow(input: NewMessage, origin: ClientConnection | undefined): Promise<PostResult> {
    let result: PostResult
    try {
      result = await this.storage.chat.post(input)
    } catch (error) {
      // Only a refusal says for sure that nothing was stored: after any other failure (a
      // failed fsync, a lost connection) the row may exist, and its file must stay.
      if (input.attachment && error instanceof ChatRefusal) await this.media.remove(input.attachment.storedPath)
      throw error
    }
    if (result.created) return result
    // A resend: the stored message has its own file; this request's copy is not needed.
    if (input.attachment) await this.media.remove(input.attachment.storedPath)
    return this.answerDuplicate(result.message, origin)
  }

  private answerDuplicate(message: MessageRecord, origin: ClientConnection | undefined): PostResult {
    if (origin) this.fanout.messageTo(origin, message)
    return { message, created: false }
  }

  /** A durable batch, in commit order: new messages to their sockets, updates and read receipts where they fell. */
  private broadcast(results: readonly CommitOutcome[]): void {
    let records: MessageRecord[] = []
    const flush = (): void => {
      if (records.length > 0) void this.bus.send({ kind: 'messages', records })
      records = []
    }
    for (const result of results) {
      if (result.kind === 'message') {
        if (result.created) records.push(result.message)
        continue
      }
      flush()
      const conversationId = result.kind === 'update' ? result.message.conversationId : result.conversationId
      if (result.kind === 'update') {
        if (!result.changed) continue
        void this.bus.send({ kind: 'message-updated', record: result.message, clientId: result.clientId })
        if (result.previewChanged) void this.bus.send({ kind: 'conversation', conversationId, latest: null })
        continue
      }
      void this.bus.send({ kind: 'read-receipt', conversationId, userId: result.reader.id })
      if (result.marked > 0) void this.bus.send({ kind: 'conversation', conversationId, latest: null })
    }
    flush()
  }
}

function toNew(input: PostMessageInput): Omit<NewMessage, 'attachment'> {
  return {
    conversationId: input.conversationId, sender: input.sender, content: input.content, clientId: input.clientId ?? null,
    replyTo: input.replyTo ?? null, mentions: input.mentions ?? [],
  }
}
