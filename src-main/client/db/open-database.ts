// Opens the client's SQLite file. In Electron the addon must match Electron's ABI, so the
// app passes `nativeBinding` (the binary scripts/prepare-electron-native.mjs put in
// .native/); plain Node (tests, the web fallback) uses node_modules' own build.
import Database from 'better-sqlite3'
import { migrate } from '../../server/db/migrate'
import { migrations } from './migrations'

export type LocalDatabase = Database.Database

export interface OpenDatabaseOptions {
  /** ':memory:' when nothing may be persisted (no OS secret store). */
  file: string
  nativeBinding?: string
}

export function openLocalDatabase({ file, nativeBinding }: OpenDatabaseOptions): LocalDatabase {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  migrate(db, migrations, 'The local database')
  return db
}
