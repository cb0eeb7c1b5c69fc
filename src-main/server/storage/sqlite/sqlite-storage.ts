// The embedded default engine: one SQLite file in the data folder (db/open-database.ts,
// numbered migrations in db/migrations/), made of the synchronous repositories in db/ and
// beside them. Their calls complete synchronously under the async interface, which is what
// lets readDurable() and the group commit keep the guarantees they had.
import { ConversationsRepo } from '../../db/conversations-repo'
import { MessagesRepo } from '../../db/messages-repo'
import { openDatabase, type Db } from '../../db/open-database'
import { SearchIndex } from '../../db/search-index'
import { SearchRepo } from '../../db/search-repo'
import { UsersRepo } from '../../db/users-repo'
import { WalSync } from '../../db/wal-sync'
import { InvitesRepo } from '../../lan/invites-repo'
import { UploadsRepo } from '../../uploads/uploads-repo'
import type {
  ConversationsStore, InvitesStore, MessagesStore, SearchStore, SessionsStore, Storage, UploadsStore, UsersStore,
} from '../storage'
import { AuthWatch } from './auth-watch'
import { ftsQuery } from './fts-query'
import { promised, settled } from './promised'
import { SessionsRepo } from './sessions-repo'
import { SqliteChatStore } from './sqlite-chat-store'

export interface SqliteStorageOptions {
  /** better-sqlite3 native binding path, for Electron's ABI (docs/architecture.md, "One node_modules, one ABI"). */
  nativeBinding?: string
  /**
   * Background search indexing failed (the server logs it). Without it no background work
   * starts: a CLI command opens the file, does its work and closes it.
   */
  onBackgroundError?: (error: unknown) => void
}

export class SqliteStorage implements Storage {
  readonly engine = 'sqlite' as const
  readonly users: UsersStore
  readonly conversations: ConversationsStore
  readonly messages: MessagesStore
  readonly search: SearchStore
  readonly sessions: SessionsStore
  readonly invites: InvitesStore
  readonly uploads: UploadsStore
  readonly chat: SqliteChatStore
  private readonly searchIndex: SearchIndex
  private readonly authWatch: AuthWatch
  private readonly walSync: WalSync | null

  /** Opens (and migrates) <dataDir>/parley.db. */
  static open(dataDir: string, options: SqliteStorageOptions = {}): SqliteStorage {
    return new SqliteStorage(openDatabase(dataDir, { nativeBinding: options.nativeBinding }), options)
  }

  private constructor(private readonly db: Db, options: SqliteStorageOptions) {
    this.authWatch = new AuthWatch(db)
    const announced = <A extends unknown[]>(change: (...args: A) => void) =>
      (...args: A): Promise<void> => settled(() => {
        change(...args)
        this.authWatch.announce()
      })

    const users = new UsersRepo(db)
    this.users = {
      ...promised(users, ['find', 'findActive', 'tokenVersion', 'activeTokenVersions', 'findByEmail', 'create', 'list',
        'searchDirectory', 'existingActive']),
      setPasswordHash: announced((id: number, hash: string) => users.setPasswordHash(id, hash)),
      remove: announced((id: number) => users.remove(id)),
    }
    const conversations = new ConversationsRepo(db)
    this.conversations = promised(conversations, ['create', 'findDirect', 'isParticipant', 'participantIds', 'participants',
      'participantsForUser', 'summary', 'listForUser', 'unreadCount', 'lastMessageId'])
    this.searchIndex = new SearchIndex(db)
    const messages = new MessagesRepo(db, this.searchIndex)
    this.messages = promised(messages, ['get', 'findByClientId', 'history', 'around', 'changes', 'newestRevision', 'attachmentOwner'])
    const search = new SearchRepo(db, this.searchIndex)
    this.search = {
      search: ({ terms, ...request }) => settled(() => search.search({ ...request, match: ftsQuery(terms) })),
    }
    const sessions = new SessionsRepo(db)
    this.sessions = {
      ...promised(sessions, ['create', 'get', 'rotate', 'revokedAmong']),
      revoke: announced((id: string, at: string) => sessions.revoke(id, at)),
    }
    this.invites = promised(new InvitesRepo(db), ['create', 'list', 'claim', 'recordUser', 'unclaim', 'revoke'])
    this.uploads = promised(new UploadsRepo(db), ['insert', 'get', 'findByClientId', 'setReceived', 'delete', 'countForUser',
      'staleSince', 'allIds'])
    this.walSync = WalSync.forDatabase(db)
    this.chat = new SqliteChatStore(db, messages, conversations, this.walSync)
    if (options.onBackgroundError) this.searchIndex.start(options.onBackgroundError)
  }

  /**
   * After the batch being fsynced, if any. An async `read` of several awaits still runs
   * whole before the next batch commits: every call of this engine completes synchronously
   * under its promise (see GroupCommitter.whenDurable). Keep it so: a read that awaited
   * anything else (a file, a timer) could see a batch that is not durable yet.
   */
  readDurable<T>(read: () => Promise<T>): Promise<T> {
    return this.chat.whenDurable(read)
  }

  onAuthChange(listener: () => void): () => void {
    return this.authWatch.subscribe(listener)
  }

  async close(): Promise<void> {
    this.authWatch.close()
    this.searchIndex.stop()
    await this.walSync?.close()
    this.db.close()
  }
}
