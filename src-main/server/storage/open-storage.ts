// Picks the storage engine: SQLite in the data folder by default, PostgreSQL when a
// `postgres://` URL is given (`serve --database`, a cluster's shared database).
import type { Storage } from './storage'
import { openPostgresStorage } from './postgres'
import { SqliteStorage } from './sqlite/sqlite-storage'

export interface OpenStorageOptions {
  /** The data folder: SQLite's parley.db lives here. */
  dataDir: string
  /** A postgres:// URL; absent: SQLite in dataDir. */
  database?: string
  /** better-sqlite3 native binding path (SQLite under Electron). */
  nativeBinding?: string
  /** Background work (search indexing) failed. Without it none starts: for CLI commands that open, work and close. */
  onBackgroundError?: (error: unknown) => void
}

export class DatabaseUrlError extends Error {}

export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const { database } = options
  if (database === undefined || database === '') {
    return SqliteStorage.open(options.dataDir, { nativeBinding: options.nativeBinding, onBackgroundError: options.onBackgroundError })
  }
  if (/^postgres(ql)?:\/\//i.test(database)) {
    return openPostgresStorage(database, { onError: options.onBackgroundError })
  }
  // The URL may carry a password: it is not repeated in the message.
  throw new DatabaseUrlError('The database must be a postgres:// URL (or none, for SQLite in the data folder)')
}
