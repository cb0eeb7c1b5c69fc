// Opens <data>/parley.db and brings its schema up to date.
//
// Durability: WAL with synchronous=FULL, so a commit is on disk (WAL fsynced) before the
// server shows it to anyone. NORMAL would only risk the last commits on power loss, but a
// message that others have already seen must never vanish. Messages and read marks go
// through the group commit (chat/group-commit.ts), which keeps that guarantee with the
// fsync moved off the event loop (db/wal-sync.ts) and shared by every write of a batch.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { migrate } from './migrate'
import { MIGRATIONS } from './migrations'

export type Db = Database.Database

export interface OpenDatabaseOptions {
  /** better-sqlite3 native binding path, for Electron's ABI (docs/architecture.md, "One node_modules, one ABI"). */
  nativeBinding?: string
}

export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(join(dataDir, 'parley.db'), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  // The CLI may write (users add) while a server runs on the same file.
  db.pragma('busy_timeout = 5000')
  migrate(db, MIGRATIONS, 'parley.db')
  return db
}
