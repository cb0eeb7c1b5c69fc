// A cluster's options are checked before anything starts, with errors that say what to do:
// a bus needs PostgreSQL (SQLite is one machine's file) and the shared folder, and a node
// whose Redis cannot be reached refuses to start instead of running cut off.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveOptions } from '../../src-main/server/options'
import { startParleyServer } from '../../src-main/server/server'
import { startPostgres } from '../support/postgres'
import { freePort } from '../support/free-port'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'parley-options-'))
  folders.push(made)
  return made
}

describe('cluster options', () => {
  const database = 'postgres://parley@db.internal/parley'

  it('refuses a bus without PostgreSQL, without the shared folder, or that is not a Redis URL', () => {
    expect(() => resolveOptions({ dataDir: '/x', bus: 'redis://127.0.0.1:6379' }))
      .toThrow('A bus (--bus) needs a PostgreSQL database (--database postgres://…): SQLite is one machine\'s file')
    expect(() => resolveOptions({ dataDir: '/x', bus: 'redis://127.0.0.1:6379', database }))
      .toThrow('A cluster needs the folder every node shares (--media DIR)')
    expect(() => resolveOptions({ dataDir: '/x', bus: 'http://secret@127.0.0.1', database, sharedDir: '/shared' }))
      .toThrow('The bus must be a redis:// or rediss:// URL')
    expect(resolveOptions({ dataDir: '/x', bus: 'redis://127.0.0.1:6379', database, sharedDir: '/shared' }))
      .toMatchObject({ bus: 'redis://127.0.0.1:6379', sharedDir: '/shared' })
    expect(resolveOptions({ dataDir: '/x' })).toMatchObject({ bus: null, sharedDir: '/x' })
  })

  it('does not start a node whose Redis cannot be reached, and says so without its password', async () => {
    const postgres = await startPostgres()
    try {
      const port = await freePort()
      const attempt = startParleyServer({
        dataDir: folder(), sharedDir: folder(), logLevel: 'silent',
        database: await postgres.freshDatabase(), bus: `redis://:hunter2@127.0.0.1:${port}`,
      })
      await expect(attempt).rejects.toThrow(`Cannot reach Redis at redis://:***@127.0.0.1:${port}`)
      await expect(attempt).rejects.not.toThrow('hunter2')
    } finally {
      postgres.stop()
    }
  }, 60_000)
})
