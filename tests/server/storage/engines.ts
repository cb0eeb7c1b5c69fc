// The engines the storage contract tests run against: each opens a fresh, empty Storage.
// PostgreSQL runs in a private server started for the test file (tests/support/postgres.ts).
import type { Storage } from '../../../src-main/server/storage/storage'
import { openPostgresStorage } from '../../../src-main/server/storage/postgres'
import { usePostgres, type PostgresServer } from '../../support/postgres'

export interface Engine {
  name: string
  /** A fresh database; `open` opens it (call twice for two nodes on one database). */
  fresh(): Promise<{ open(): Promise<Storage>; url: string }>
}

/** Registers the servers the engines need (in beforeAll/afterAll) and returns the engines. */
export function storageEngines(): Engine[] {
  const server: () => PostgresServer = usePostgres()
  return [
    {
      name: 'postgres',
      async fresh() {
        const url = await server().freshDatabase()
        return { url, open: () => openPostgresStorage(url, { max: 4 }) }
      },
    },
  ]
}
