// The chat service: the one way a message gets stored and broadcast, whichever socket
// or upload path it came from. Writes go through group commit; broadcast follows the
// durable commit, and reads that show messages to clients go through readDurable().
// Public to server extensions (see ../extensions.ts): keep these signatures stable.
import mime from 'mime-types'
import type { User } from '../../../src-shared/protocol/types'
import type { ConversationsRepo } from '../db/conversations-repo'
import type { MessageRecord, MessagesRepo, NewMessage } from '../db/messages-repo'
import type { Db } from '../db/open-database'
import type { WalSync } from '../db/wal-sync'
import type { MediaStore } from '../media/media-store'
import type { ClientConnection } from '../realtime/connection'
import type { Fanout } from './fanout'
import { GroupCommitter, SyncFailedError } from './group-commit'

export interface PostMessageInput {
  conversationId: number
  sender: User
  content: string
  /** Parley idempotency key; at most one message per (sender, clientId). */
  clientId?: string | null
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

interface ReadResult {
  kind: 'read'
  conversationId: number
  reader: User
  marked: number
}

type CommitResult = WriteResult | ReadResult

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
    walSync: WalSync | null = null,
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
    const record = this.messages.insert(input, new Date().toISOString())
    this.conversations.touchLastMessage(record.conversationId, record.id, record.createdAt)
    return { kind: 'message', message: record, created: true, orphanedFile: null }
  }

  /** A durable batch, in commit order: new messages to their sockets, read receipts where they fell. */
  private broadcast(results: readonly CommitResult[]): void {
    let messages: MessageRecord[] = []
    for (const result of results) {
      if (result.kind === 'message') {
        if (result.created) messages.push(result.message)
        continue
      }
      if (messages.length > 0) this.fanout.messages(messages)
      messages = []
      this.fanout.toOthers(result.conversationId, result.reader.id, { type: 'read_receipt', user_id: result.reader.id })
      if (result.marked > 0) this.fanout.conversationChanged(result.conversationId)
    }
    if (messages.length > 0) this.fanout.messages(messages)
  }
}

function toNew(input: PostMessageInput): Omit<NewMessage, 'attachment'> {
  return { conversationId: input.conversationId, sender: input.sender, content: input.content, clientId: input.clientId ?? null }
}
