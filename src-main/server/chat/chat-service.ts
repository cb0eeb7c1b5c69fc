// The chat service: the one way a message gets stored and broadcast, whichever socket
// or upload path it came from. Writes go through group commit; broadcast follows the
// durable commit, and reads that show messages to clients go through readDurable().
// Public to server extensions (see ../extensions.ts): keep these signatures stable.
import mime from 'mime-types'
import type { User } from '../../../src-shared/protocol/types'
import type { ConversationsRepo } from '../db/conversations-repo'
import type { MessageRecord, MessagesRepo, NewMessage } from '../db/messages-repo'
import type { Db } from '../db/open-database'
import type { MediaStore } from '../media/media-store'
import type { ClientConnection } from '../realtime/connection'
import type { Fanout } from './fanout'
import { CHAT_LIMITS } from '../limits'
import { GroupCommitter, SyncFailedError, type DurableSync } from './group-commit'
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

/** An edit, deletion or reaction (docs/protocol.md "Actions on a sent message"). */
export type MessageAction =
  | { kind: 'edit'; content: string; mentions: readonly number[] | null }
  | { kind: 'delete' }
  | { kind: 'react'; emoji: string; on: boolean }

export interface ActionInput {
  conversationId: number
  actor: User
  messageId: number
  /** Exactly once per (actor, clientId). */
  clientId: string | null
  action: MessageAction
}

/** A request refused for a reason the client can act on: its message is the error frame's text. Nothing was stored. */
export class ChatRefusal extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ChatRefusal'
  }
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

interface WriteResult extends PostResult {
  kind: 'message'
  /** File written for this request that turned out to be a duplicate: delete it. */
  orphanedFile: string | null
}

interface UpdateResult {
  kind: 'update'
  message: MessageRecord
  clientId: string | null
  /** False: nothing changed (a resend, a repeated delete or reaction): nothing is broadcast. */
  changed: boolean
  /** The conversation's last message changed: list sockets hear of the new preview. */
  previewChanged: boolean
  /** The deleted message's file, removed from media once the deletion is durable. */
  removedFile: string | null
}

interface ReadResult {
  kind: 'read'
  conversationId: number
  reader: User
  marked: number
}

type CommitResult = WriteResult | UpdateResult | ReadResult

export class ChatService {
  private readonly committer: GroupCommitter<CommitResult>
  /** File writes and commits under way, awaited at shutdown. */
  private readonly inflight = new Set<Promise<unknown>>()

  constructor(
    db: Db,
    private readonly messages: MessagesRepo,
    private readonly conversations: ConversationsRepo,
    private readonly media: MediaStore,
    private readonly fanout: Fanout,
    /** The WAL fsync off the event loop; null commits synchronously (tests of the fallback, non-WAL files). */
    walSync: DurableSync | null = null,
  ) {
    this.committer = new GroupCommitter<CommitResult>(db, walSync, (results) => this.broadcast(results))
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
    const existing = await this.readDurable(() => this.findDuplicate(input))
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
    const result = await this.committer.submit(() => this.applyAction(input))
    if (result.removedFile) await this.media.remove(result.removedFile)
    // The acting socket always hears back (its outbox waits for it), even when the broadcast
    // skipped it (nothing changed, or it declared no ext).
    if (origin && (!result.changed || !readsChanges(origin.ext))) this.fanout.messageUpdated(result.message, result.clientId, origin)
    return result.message
  }

  /** The seed's mark_read: marks (in the group commit), sends read_receipt to the others, updates list sockets. */
  async markRead(conversationId: number, reader: User): Promise<number> {
    const result = await this.track(this.committer.submit((): ReadResult => ({
      kind: 'read', conversationId, reader, marked: this.conversations.markRead(conversationId, reader.id),
    })))
    return result.marked
  }

  /**
   * Runs `read` (synchronously) when every message it can see is durable. Use it for any
   * read whose result reaches a client (history, conversation previews), so nobody is
   * shown a message that a power cut could still take back.
   */
  readDurable<T>(read: () => T): Promise<T> {
    return this.committer.whenDurable(read)
  }

  /** Typing indicator to the other participants. */
  typing(conversationId: number, user: User, isTyping: boolean): void {
    this.fanout.toOthers(conversationId, user.id, { type: 'typing', user_id: user.id, user_email: user.email, is_typing: isTyping })
  }

  /** Tells list sockets about a new conversation. */
  conversationCreated(conversationId: number): void {
    this.fanout.conversationChanged(conversationId)
  }

  /** Resolves when every message submitted so far is committed and broadcast. */
  async drained(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight])
    await this.committer.drained()
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work)
    const forget = (): void => { this.inflight.delete(work) }
    work.then(forget, forget)
    return work
  }

  private findDuplicate(input: PostMessageInput): MessageRecord | null {
    return input.clientId ? this.messages.findByClientId(input.sender.id, input.clientId) : null
  }

  private commit(input: NewMessage, origin: ClientConnection | undefined): Promise<PostResult> {
    return this.track(this.commitNow(input, origin))
  }

  private async commitNow(input: NewMessage, origin: ClientConnection | undefined): Promise<PostResult> {
    let result: WriteResult
    try {
      result = await this.committer.submit(() => this.write(input))
    } catch (error) {
      // After a failed fsync the row may exist: its file must stay.
      if (input.attachment && !(error instanceof SyncFailedError)) await this.media.remove(input.attachment.storedPath)
      throw error
    }
    if (result.orphanedFile) await this.media.remove(result.orphanedFile)
    return result.created ? result : this.answerDuplicate(result.message, origin)
  }

  private answerDuplicate(message: MessageRecord, origin: ClientConnection | undefined): PostResult {
    if (origin) this.fanout.messageTo(origin, message)
    return { message, created: false }
  }

  /** Runs inside the group-commit transaction. */
  private write(input: NewMessage): WriteResult {
    const existing = input.clientId ? this.messages.findByClientId(input.sender.id, input.clientId) : null
    if (existing) return { kind: 'message', message: existing, created: false, orphanedFile: input.attachment?.storedPath ?? null }
    if (input.replyTo !== null) {
      const target = this.messages.get(input.replyTo)
      if (!target || target.conversationId !== input.conversationId) throw new ChatRefusal('reply_to must be a message of this conversation')
      if (target.deleted) throw new ChatRefusal('You cannot reply to a deleted message')
    }
    const record = this.messages.insert({ ...input, mentions: this.participantsAmong(input.conversationId, input.mentions) },
      new Date().toISOString())
    this.conversations.touchLastMessage(record.conversationId, record.id, record.createdAt)
    return { kind: 'message', message: record, created: true, orphanedFile: null }
  }

  /** Runs inside the group-commit transaction: every check sees the state the action applies to. */
  private applyAction(input: ActionInput): UpdateResult {
    const { actor, clientId, action } = input
    const unchanged = (message: MessageRecord): UpdateResult =>
      ({ kind: 'update', message, clientId, changed: false, previewChanged: false, removedFile: null })
    if (clientId !== null) {
      const done = this.messages.actionTarget(actor.id, clientId)
      const message = done === null ? null : this.messages.get(done)
      if (message) return unchanged(message)
    }
    const record = this.messages.get(input.messageId)
    if (!record || record.conversationId !== input.conversationId) throw new ChatRefusal('Message not found')
    const now = new Date().toISOString()
    let removedFile: string | null = null
    let changed = true
    switch (action.kind) {
      case 'edit': {
        if (record.sender.id !== actor.id) throw new ChatRefusal('You can only edit your own messages')
        if (record.deleted) throw new ChatRefusal('This message was deleted')
        // A file's caption may become empty; a text message may not.
        if (record.messageType === 'text' && action.content.trim() === '') throw new ChatRefusal('Message content is required')
        const mentions = action.mentions === null ? null : this.participantsAmong(record.conversationId, action.mentions)
        this.messages.edit(record.id, action.content, mentions, now, this.messages.nextRevision())
        break
      }
      case 'delete':
        if (record.sender.id !== actor.id) throw new ChatRefusal('You can only delete your own messages')
        if (record.deleted) changed = false
        else removedFile = this.messages.markDeleted(record, now, this.messages.nextRevision())
        break
      case 'react':
        if (record.deleted) throw new ChatRefusal('This message was deleted')
        changed = this.messages.react(record.id, actor.id, action.emoji, action.on, now)
        if (changed && action.on && this.messages.reactionsBy(record.id, actor.id) > CHAT_LIMITS.maxReactionsPerPerson) {
          throw new ChatRefusal(`Too many reactions (max ${CHAT_LIMITS.maxReactionsPerPerson} per person on a message)`)
        }
        if (changed) this.messages.touchRevision(record.id, this.messages.nextRevision())
        break
    }
    if (clientId !== null) this.messages.recordAction(actor.id, clientId, record.id, action.kind, now)
    if (!changed) return unchanged(record)
    return {
      kind: 'update',
      message: this.messages.get(record.id) as MessageRecord,
      clientId,
      changed,
      previewChanged: action.kind !== 'react' && this.conversations.lastMessageId(record.conversationId) === record.id,
      removedFile,
    }
  }

  /** The mentioned ids that are participants, each once, in the order given. */
  private participantsAmong(conversationId: number, ids: readonly number[]): number[] {
    if (ids.length === 0) return []
    const participants = new Set(this.conversations.participantIds(conversationId))
    return [...new Set(ids)].filter((id) => participants.has(id))
  }

  /** A durable batch, in commit order: new messages to their sockets, updates and read receipts where they fell. */
  private broadcast(results: readonly CommitResult[]): void {
    let messages: MessageRecord[] = []
    const flush = (): void => {
      if (messages.length > 0) this.fanout.messages(messages)
      messages = []
    }
    for (const result of results) {
      if (result.kind === 'message') {
        if (result.created) messages.push(result.message)
        continue
      }
      flush()
      if (result.kind === 'update') {
        if (!result.changed) continue
        this.fanout.messageUpdated(result.message, result.clientId)
        if (result.previewChanged) this.fanout.conversationChanged(result.message.conversationId)
        continue
      }
      this.fanout.toOthers(result.conversationId, result.reader.id, { type: 'read_receipt', user_id: result.reader.id })
      if (result.marked > 0) this.fanout.conversationChanged(result.conversationId)
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
