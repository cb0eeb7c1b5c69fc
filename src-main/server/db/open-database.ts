// Opens <data>/parley.db and brings its schema up to date, after checking that it is
// the database that was there (not empty, missing or damaged: DataFolderError says what to do).
//
// Durability: WAL with synchronous=FULL, so a commit is on disk (WAL fsynced) before the
// server shows it to anyone. NORMAL would only risk the last commits on power loss, but a
// message that others have already seen must never vanish. Messages and read marks go
// through the group commit (storage/sqlite/group-commit.ts), which keeps that guarantee with the
// fsync moved off the event loop (db/wal-sync.ts) and shared by every write of a batch.
import Database from 'better-sqlite3'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { restrict } from '../data-folder'
import { migrate } from './migrate'
import { MIGRATIONS } from './migrations'

export type Db = Database.Database

export interface OpenDatabaseOptions {
  /** better-sqlite3 native binding path, for Electron's ABI (docs/architecture.md, "One node_modules, one ABI"). */
  nativeBinding?: string
}

export const DATABASE_FILE = 'parley.db'

/** The data folder cannot be used as it is; the message says what to do. */
export class DataFolderError extends Error {}

export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Db {
  const path = join(dataDir, DATABASE_FILE)
  checkBeforeOpen(dataDir, path)
  let db: Db | null = null
  try {
    db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    // The CLI may write (users add) while a server runs on the same file.
    db.pragma('busy_timeout = 5000')
    checkIntegrity(db, path)
    migrate(db, MIGRATIONS, DATABASE_FILE)
  } catch (error) {
    db?.close()
    throw damaged(path, error)
  }
  // SQLite creates the database 0644; its -wal and -shm copy the database's mode from now on.
  for (const file of [path, `${path}-wal`, `${path}-shm`]) restrict(file)
  return db
}

/**
 * Refuses to start on a database that cannot hold what was there: SQLite would happily
 * treat a zero-byte file (a full disk, a bad copy) or a missing one as a new empty
 * database, and the server would come up with nobody's account.
 */
function checkBeforeOpen(dataDir: string, path: string): void {
  const size = statSync(path, { throwIfNoEntry: false })?.size
  const restore = `Restore ${path} from a backup, or to start over with no accounts and no messages move the data folder ${dataDir} aside.`
  if (size === 0) throw new DataFolderError(`The database ${path} is empty (0 bytes): its data is lost or was never written. ${restore}`)
  if (size === undefined) {
    const traces = [`${DATABASE_FILE}-wal`, 'secret.key'].filter((name) => existsSync(join(dataDir, name)))
    if (traces.length > 0) {
      throw new DataFolderError(`The database ${path} is missing, but the data folder holds ${traces.join(' and ')} from an earlier run. ${restore}`)
    }
  }
}

/** quick_check reads every page once (about as fast as the disk); it catches torn or overwritten pages. */
function checkIntegrity(db: Db, path: string): void {
  const result = db.pragma('quick_check(1)', { simple: true })
  if (result !== 'ok') throw new DataFolderError(`The database ${path} is damaged (SQLite: ${String(result)}). Restore it from a backup, or move the data folder aside to start over.`)
}

function damaged(path: string, error: unknown): Error {
  if (error instanceof DataFolderError) return error
  const code = (error as { code?: string }).code ?? ''
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DataFolderError(`The database ${path} is damaged or is not a Parley database (SQLite: ${(error as Error).message}). Restore it from a backup, or move the data folder aside to start over.`)
  }
  return error as Error
}
