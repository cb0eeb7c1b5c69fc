// The server's storage, behind one interface with two engines: SQLite (the embedded
// default: one file, group commit, db/) and PostgreSQL (a cluster's shared database,
// storage/postgres/). Everything above this line (HTTP routes, sockets, the chat service,
// the CLI) speaks only this interface; SQL lives below it.
//
// Every method is async, also on SQLite, whose calls complete synchronously under the
// promise: callers never learn which engine they run on. The rules that decide what a
// write does (may this user edit that message? is this a duplicate?) are shared pure
// functions in chat/chat-rules.ts; an engine only reads what they need and applies what
// they decide, so the two engines cannot drift apart.
import type { User } from '../../../src-shared/protocol/types'
import type { InviteCode } from '../../../src-shared/ipc/contract'
import type { ConversationRow } from '../db/conversations-repo'
import type { MessageRecord, NewMessage } from '../db/messages-repo'
import type { UserWithHash } from '../db/users-repo'
import type { UploadRecord } from '../uploads/uploads-repo'
import type { ClaimResult } from '../lan/invites-repo'
import type { ActionInput } from '../chat/chat-rules'

export type { ConversationRow } from '../db/conversations-repo'
export type { MessageRecord, NewMessage, AttachmentRecord, ReplyRecord, ReactionRecord } from '../db/messages-repo'
export type { UserWithHash } from '../db/users-repo'
export type { UploadRecord } from '../uploads/uploads-repo'
export type { ClaimResult } from '../lan/invites-repo'

export type StorageEngine = 'sqlite' | 'postgres'

export interface UsersStore {
  find(id: number): Promise<UserWithHash | null>
  findActive(id: number): Promise<User | null>
  tokenVersion(id: number): Promise<number | null>
  /** Token version of each id that is an active user (the socket sweep). */
  activeTokenVersions(ids: readonly number[]): Promise<Map<number, number>>
  findByEmail(email: string): Promise<UserWithHash | null>
  /** Null when the email is taken by an active user (a removed user's email is reactivated). */
  create(input: { email: string; fullName: string; userType: string; passwordHash: string }): Promise<User | null>
  /** Also raises the token version: every token of the user ends (announced as an auth change). */
  setPasswordHash(id: number, hash: string): Promise<void>
  /** Deactivates (messages keep their sender) and raises the token version (announced as an auth change). */
  remove(id: number): Promise<void>
  list(): Promise<User[]>
  searchDirectory(askerId: number, query: string, limit: number): Promise<User[]>
  existingActive(ids: readonly number[]): Promise<Set<number>>
}

export interface ConversationsStore {
  /** A new conversation with these participants; `key` (directKey) makes a 1:1 unique. Returns its id. */
  create(participantIds: readonly number[], title: string, key: string | null): Promise<number>
  findDirect(key: string): Promise<number | null>
  isParticipant(conversationId: number, userId: number): Promise<boolean>
  participantIds(conversationId: number): Promise<number[]>
  participants(conversationId: number): Promise<User[]>
  participantsForUser(userId: number): Promise<Map<number, User[]>>
  summary(conversationId: number, userId: number): Promise<ConversationRow | null>
  listForUser(userId: number): Promise<ConversationRow[]>
  unreadCount(conversationId: number, userId: number): Promise<number>
  lastMessageId(conversationId: number): Promise<number | null>
}

/** Reads of messages. Writes go through ChatStore. */
export interface MessagesStore {
  get(id: number): Promise<MessageRecord | null>
  findByClientId(senderId: number, clientId: string): Promise<MessageRecord | null>
  /** Newest first before `before` (null: the newest), at most `limit`, returned oldest first as the seed does. */
  history(conversationId: number, before: number | null, limit: number): Promise<MessageRecord[]>
  around(conversationId: number, id: number, limit: number): Promise<MessageRecord[]>
  /** Messages of the conversation changed (edit, deletion, reaction) after revision `since`, in revision order. */
  changes(conversationId: number, since: number, limit: number): Promise<MessageRecord[]>
  newestRevision(conversationId: number): Promise<number>
  /** Who may fetch a stored file: its conversation, and its display name. */
  attachmentOwner(storedPath: string): Promise<{ conversationId: number; filename: string } | null>
}

export interface SearchRequest {
  userId: number
  /** Words from src-shared/protocol/search-text.ts searchTerms(): every one must match, the last as a prefix. */
  terms: readonly string[]
  /** Only this conversation; every one the user takes part in when null. */
  conversationId: number | null
  /** Only messages older than this id. */
  before: number | null
  limit: number
}

export interface SearchStore {
  /** Ids of matching messages the user may see, newest first. Sees every message committed before the call. */
  search(request: SearchRequest): Promise<number[]>
}

export interface SessionRecord {
  id: string
  userId: number
  refreshJti: string
  revoked: boolean
}

export interface SessionsStore {
  /** Also deletes sessions expired before `now` (seconds): the table holds at most a refresh lifetime of sign-ins. */
  create(session: { id: string; userId: number; refreshJti: string; createdAt: string; expiresAt: number }, now: number): Promise<void>
  get(id: string): Promise<SessionRecord | null>
  /** Compare-and-set: true when the session was live with `expectedJti` and now carries `newJti`. */
  rotate(id: string, expectedJti: string, newJti: string, expiresAt: number): Promise<boolean>
  /** Announced as an auth change. */
  revoke(id: string, at: string): Promise<void>
  /** The subset of `ids` that are revoked. */
  revokedAmong(ids: readonly string[]): Promise<Set<string>>
}

export interface InvitesStore {
  create(): Promise<InviteCode>
  list(): Promise<InviteCode[]>
  claim(input: string): Promise<ClaimResult>
  recordUser(input: string, userId: number): Promise<void>
  /** Gives a claimed code back when no account came of it (the email was taken meanwhile, the write failed). */
  unclaim(input: string): Promise<void>
  revoke(input: string): Promise<boolean>
}

export interface UploadsStore {
  insert(input: Omit<UploadRecord, 'received' | 'createdAt' | 'updatedAt'>, now: string): Promise<UploadRecord>
  get(id: string): Promise<UploadRecord | null>
  findByClientId(userId: number, clientId: string): Promise<UploadRecord | null>
  setReceived(id: string, received: number, now: string): Promise<void>
  delete(id: string): Promise<void>
  countForUser(userId: number): Promise<number>
  staleSince(cutoff: string): Promise<UploadRecord[]>
  allIds(): Promise<Set<string>>
}

/** A message write as committed. */
export interface PostOutcome {
  kind: 'message'
  message: MessageRecord
  /** False: (sender, clientId) was already stored; `message` is that one and nothing new was written. */
  created: boolean
}

/** An edit, deletion or reaction as committed. */
export interface UpdateOutcome {
  kind: 'update'
  message: MessageRecord
  clientId: string | null
  /** False: nothing changed (a resend, a repeated delete or reaction): nothing is broadcast. */
  changed: boolean
  /** The conversation's last message changed: list sockets hear of the new preview. */
  previewChanged: boolean
  /** The deleted message's file, to remove from media once the deletion is durable. */
  removedFile: string | null
}

/** A mark_read as committed. */
export interface ReadOutcome {
  kind: 'read'
  conversationId: number
  reader: User
  /** Messages newly marked read. */
  marked: number
}

export type CommitOutcome = PostOutcome | UpdateOutcome | ReadOutcome

/**
 * The chat writes, batched: whatever is submitted while a batch commits becomes the next
 * batch, so the commit cost is shared under load. Nothing resolves before it is durable.
 * Within one ChatStore, writes commit in submission order (a sender's messages keep the
 * order they were sent in). Rejects with chat/chat-rules.ts ChatRefusal when the rules
 * refuse (nothing stored), with another error when the database failed.
 */
export interface ChatStore {
  /** Exactly once per (sender, clientId): a resend resolves with the stored message and created=false. Mentions and reply_to are checked here. */
  post(input: NewMessage): Promise<PostOutcome>
  /** Exactly once per (actor, clientId). */
  act(input: ActionInput): Promise<UpdateOutcome>
  markRead(conversationId: number, reader: User): Promise<ReadOutcome>
  /**
   * `listener` runs once per durable batch with its successful outcomes in commit order,
   * before any submitter of the batch hears back (the chat service broadcasts from it).
   * One listener; set once.
   */
  onCommitted(listener: (outcomes: readonly CommitOutcome[]) => void): void
  /** Resolves once everything submitted so far is durable and handed back (shutdown). */
  drained(): Promise<void>
}

export interface Storage {
  readonly engine: StorageEngine
  readonly users: UsersStore
  readonly conversations: ConversationsStore
  readonly messages: MessagesStore
  readonly search: SearchStore
  readonly sessions: SessionsStore
  readonly invites: InvitesStore
  readonly uploads: UploadsStore
  readonly chat: ChatStore
  /**
   * Runs `read` when every message it can see is durable: use it for any read whose result
   * reaches a client, so nobody is shown a message a power cut could take back. (SQLite:
   * after the batch being fsynced; PostgreSQL: at once, only committed rows are visible.)
   */
  readDurable<T>(read: () => Promise<T>): Promise<T>
  /**
   * `listener` runs (at most about once a second) after users or sessions were changed by
   * anyone: this process, another process on the same SQLite file (the CLI), or any node or
   * CLI on the same PostgreSQL database. The socket sweep (auth/session-watch.ts) hangs here.
   * Returns the unsubscribe.
   */
  onAuthChange(listener: () => void): () => void
  /** Stops background work (the search indexer, watchers) and closes the database, after drained(). */
  close(): Promise<void>
}
