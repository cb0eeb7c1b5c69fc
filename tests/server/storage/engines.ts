// The engines the storage contract tests run against, each opening a fresh, empty Storage:
// SQLite in a temp data folder, and PostgreSQL in a private server started for the test
// file (tests/support/postgres.ts). Opening the same fresh database twice gives two nodes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openStorage } from '../../../src-main/server/storage/open-storage'
import type { Storage } from '../../../src-main/server/storage/storage'
import { usePostgres, type PostgresServer } from '../../support/postgres'

export interface Engine {
  name: 'sqlite' | 'postgres'
  /** A fresh database: `open` opens it (twice: two nodes on one database); `url` names it (PostgreSQL). */
  fresh(): Promise<{ open(): Promise<Storage>; url: string }>
}

/** Registers what the engines need (servers, temp folders) for this test file and returns the engines. */
export function storageEngines(): Engine[] {
  const server: () => PostgresServer = usePostgres()
  const folders: string[] = []
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true })
  })
  return [
    {
      name: 'sqlite',
      async fresh() {
        const dataDir = mkdtempSync(join(tmpdir(), 'parley-storage-'))
        folders.push(dataDir)
        return { url: '', open: () => openStorage({ dataDir, onBackgroundError: (error) => { throw error } }) }
      },
    },
    {
      name: 'postgres',
      async fresh() {
        const url = await server().freshDatabase()
        return { url, open: () => openStorage({ dataDir: '', database: url }) }
      },
    },
  ]
}
