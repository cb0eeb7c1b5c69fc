// `parley migrate`: brings a database's schema up to this Parley's, and says what it did.
// SQLite (the data folder's parley.db) by default; PostgreSQL with --database. Servers
// migrate on start too; this lets an operator do it ahead of a rolling start of a cluster.
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import { prepareDataFolder } from '../data-folder'
import { DATABASE_FILE, openDatabase } from '../db/open-database'
import { runPostgresMigrations } from '../storage/postgres'

interface MigrateFlags { data: string; database?: string }

export function addMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Bring the database schema up to date (SQLite in the data folder, or PostgreSQL with --database)')
    .option('--database <url>', 'a PostgreSQL database (postgres://user@host:port/name) instead of the data folder\'s SQLite')
    .option('--data <dir>', 'data folder (its SQLite database)', './parley-data')
    .action(async (flags: MigrateFlags) => {
      if (flags.database !== undefined) {
        if (!/^postgres(ql)?:\/\//.test(flags.database)) throw new Error('--database must be a postgres:// or postgresql:// URL')
        const report = await runPostgresMigrations(flags.database)
        console.log(describe('PostgreSQL', report.from, report.to))
        return
      }
      const dataDir = resolve(flags.data)
      const path = join(dataDir, DATABASE_FILE)
      const from = existsSync(path) ? sqliteVersion(path) : 0
      prepareDataFolder(dataDir)
      const db = openDatabase(dataDir)
      const to = db.pragma('user_version', { simple: true }) as number
      db.close()
      console.log(describe(`SQLite ${path}`, from, to))
    })
}

function sqliteVersion(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    return db.pragma('user_version', { simple: true }) as number
  } finally {
    db.close()
  }
}

function describe(what: string, from: number, to: number): string {
  if (from === to) return `${what}: schema already at version ${to}, nothing to do`
  return `${what}: schema migrated from version ${from} to ${to} (${to - from} migration${to - from === 1 ? '' : 's'} applied)`
}
