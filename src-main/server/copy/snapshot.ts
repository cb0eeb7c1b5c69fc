// The source: a consistent snapshot of a (possibly running) server's database, taken with
// SQLite's online backup into a private temp folder, so the copy and the check read one
// fixed state while the server goes on writing. Writes after the snapshot are not in it.
//
// The snapshot is ours to change: a database of an older Parley is brought up to this
// version's schema there (the server's own migrations), never in the server's file; one
// of a newer Parley is refused (its tables may mean what this code does not know).
import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate } from '../db/migrate'
import { MIGRATIONS } from '../db/migrations'
import { DATABASE_FILE, type Db } from '../db/open-database'
import { CopyDataError } from './canonical'

export interface Snapshot {
  db: Db
  takenAt: Date
  /** Closes the snapshot and deletes its temp folder. */
  close(): void
}

/** Copy the rest in one step: SQLite restarts a step-wise backup whenever another connection writes, so on a busy server it could go on forever. */
const ALL_REMAINING_PAGES = 0x7fffffff

export async function takeSnapshot(dataDir: string): Promise<Snapshot> {
  const sourcePath = join(dataDir, DATABASE_FILE)
  if (!existsSync(sourcePath)) throw new CopyDataError(`There is no Parley database at ${sourcePath}: give the server's data folder with --data.`)
  const folder = mkdtempSync(join(tmpdir(), 'parley-copy-'))
  const path = join(folder, DATABASE_FILE)
  // The snapshot holds everyone's messages: it goes also when the process is stopped midway (copy-command.ts exits on SIGINT/SIGTERM).
  const remove = (): void => rmSync(folder, { recursive: true, force: true })
  process.once('exit', remove)
  let source: Db | null = null
  let db: Db | null = null
  try {
    source = new Database(sourcePath, { readonly: true, fileMustExist: true })
    source.pragma('busy_timeout = 5000')
    const takenAt = new Date()
    await source.backup(path, { progress: () => ALL_REMAINING_PAGES })
    source.close()
    source = null
    db = new Database(path)
    const check = db.pragma('quick_check(1)', { simple: true })
    if (check !== 'ok') throw new CopyDataError(`The database ${sourcePath} is damaged (SQLite: ${String(check)}): nothing was copied.`)
    migrate(db, MIGRATIONS, DATABASE_FILE)
    db.defaultSafeIntegers(true)
    const opened = db
    return {
      db: opened,
      takenAt,
      close: () => {
        opened.close()
        process.off('exit', remove)
        remove()
      },
    }
  } catch (error) {
    source?.close()
    db?.close()
    process.off('exit', remove)
    remove()
    const code = (error as { code?: string }).code ?? ''
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      throw new CopyDataError(`${sourcePath} is damaged or is not a Parley database (SQLite: ${(error as Error).message}): nothing was copied.`)
    }
    throw error
  }
}
