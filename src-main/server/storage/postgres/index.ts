// The PostgreSQL engine of Storage (storage/storage.ts): a cluster's shared database.
// Every node opens it with openPostgresStorage(); the schema is brought up to date on open
// (several nodes at once is safe: migrate.ts), chat writes go through a per-node pipelined
// batch (chat-store.ts), and auth changes reach every node through LISTEN/NOTIFY.
import pg from 'pg'
import type { Storage } from '../storage'
import { AuthChanges } from './auth-changes'
import { PgChatStore } from './chat-store'
import { PgConversations } from './conversations'
import { PgInvites } from './invites'
import { PgMessages } from './messages'
import { migratePostgres, type MigrationReport } from './migrate'
import { clientConfig, createPool, type PoolOptions } from './pool'
import { PgSearch } from './search'
import { PgSessions } from './sessions'
import { PgUploads } from './uploads'
import { PgUsers } from './users'

export interface PostgresStorageOptions extends PoolOptions {
  /** A background failure that does not stop the process (a lost LISTEN connection, an idle client's error). */
  onError?: (error: Error) => void
}

export async function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): Promise<Storage> {
  await runPostgresMigrations(url)
  const pool = createPool(url, options)
  // An idle pooled client whose server went away emits 'error'; without a handler it would crash the process.
  pool.on('error', (error) => options.onError?.(error))
  const authChanges = new AuthChanges(url, { onError: options.onError })
  try {
    await authChanges.start()
  } catch (error) {
    await pool.end()
    throw error
  }
  const chat = new PgChatStore(pool)
  return {
    engine: 'postgres',
    users: new PgUsers(pool),
    conversations: new PgConversations(pool),
    messages: new PgMessages(pool),
    search: new PgSearch(pool),
    sessions: new PgSessions(pool),
    invites: new PgInvites(pool),
    uploads: new PgUploads(pool),
    chat,
    // Only committed rows are visible, and a commit is durable (synchronous_commit = on).
    readDurable: (read) => read(),
    onAuthChange: (listener) => authChanges.subscribe(listener),
    async close() {
      await chat.drained()
      await authChanges.close()
      await pool.end()
    },
  }
}

/** Brings the database at `url` up to this code's schema (the `migrate` command, and every open). */
export async function runPostgresMigrations(url: string): Promise<MigrationReport> {
  const client = new pg.Client(clientConfig(url))
  await client.connect()
  try {
    return await migratePostgres(client)
  } finally {
    await client.end()
  }
}

export type { MigrationReport } from './migrate'
