// The one migration runner, for the server's database (db/open-database.ts) and the
// client's (src-main/client/db/open-database.ts): numbered migrations applied in order,
// each exactly once in its own transaction, PRAGMA user_version recording the last.
// A database whose version is newer than the code (written by a newer Parley, then
// opened by an older one) is refused: its tables may mean what this code doesn't know.
import type Database from 'better-sqlite3'

export function migrate(db: Database.Database, migrations: readonly string[], name: string): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(`${name} schema version ${current} is newer than this Parley (${migrations.length}): update Parley to open it`)
  }
  for (let version = current; version < migrations.length; version += 1) {
    db.transaction(() => {
      db.exec(migrations[version] as string)
      db.pragma(`user_version = ${version + 1}`)
    }).immediate()
  }
}
