// The data folder is owner-only whatever the umask (issue 8 item 11), and a database that
// is empty, missing beside earlier data, or damaged stops the start with what to do (item 12).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import { startParleyServer } from '../../src-main/server/server'
import type { UploadReadyFrame } from '../../src-shared/protocol/upload'
import { pumpChunks } from './upload-client'
import { startTestServer, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)

const modeOf = (path: string) => statSync(path).mode & 0o777

function everything(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((entry) => join(folder, entry))
}

describe('permissions', () => {
  it('keeps the folder 0700 and every file in it 0600 under a permissive umask', async () => {
    const previous = process.umask(0o000)
    try {
      const t = await startTestServer()
      const ada = await t.addUser('ada')
      const bob = await t.addUser('bob')
      const id = await t.conversation(ada, bob)
      const a = await t.connect(id, ada)
      a.send({ type: 'file_message', filename: 'a.txt', file: Buffer.from('hello').toString('base64') })
      await a.next<Message>('message')
      // a partial upload stays on disk as uploads/<id>.part
      a.send({ type: 'upload_start', client_id: 'partial', filename: 'p.bin', size: 1000 })
      await pumpChunks(a, await a.next<UploadReadyFrame>('upload_ready'), Buffer.alloc(1000, 1), { until: 500 })

      expect(modeOf(t.dataDir)).toBe(0o700)
      const paths = everything(t.dataDir)
      const names = paths.map((p) => p.slice(t.dataDir.length + 1))
      expect(names).toEqual(expect.arrayContaining(['parley.db', 'parley.db-wal', 'parley.db-shm', 'secret.key', 'uploads']))
      expect(names.filter((n) => n.endsWith('.part'))).toHaveLength(1)
      expect(names.filter((n) => n.startsWith('media/chat_files/') && n.endsWith('.txt'))).toHaveLength(1)
      for (const path of paths) expect([path, modeOf(path)]).toEqual([path, statSync(path).isDirectory() ? 0o700 : 0o600])
    } finally {
      process.umask(previous)
    }
  })

  it('tightens a data folder an older version left readable', async () => {
    const t = await startTestServer()
    await t.addUser('ada')
    await t.server.close()
    chmodSync(t.dataDir, 0o755)
    for (const path of everything(t.dataDir)) chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644)
    await t.restart()
    expect(modeOf(t.dataDir)).toBe(0o700)
    for (const path of everything(t.dataDir)) expect([path, modeOf(path)]).toEqual([path, statSync(path).isDirectory() ? 0o700 : 0o600])
  })
})

describe('a lost or damaged database', () => {
  async function stoppedWithData() {
    const t = await startTestServer()
    await t.addUser('ada')
    await t.server.close()
    return t
  }

  it('refuses a zero-byte database and says what to do', async () => {
    const t = await stoppedWithData()
    rmSync(join(t.dataDir, 'parley.db-wal'), { force: true })
    truncateSync(join(t.dataDir, 'parley.db'), 0)
    await expect(startParleyServer({ dataDir: t.dataDir, logLevel: 'silent' })).rejects.toThrow(/is empty \(0 bytes\).*Restore .* from a backup/)
    expect(statSync(join(t.dataDir, 'parley.db')).size).toBe(0)
  })

  it('refuses to start empty when the database is gone but the folder holds earlier data', async () => {
    const t = await stoppedWithData()
    for (const name of ['parley.db', 'parley.db-wal', 'parley.db-shm']) rmSync(join(t.dataDir, name), { force: true })
    await expect(startParleyServer({ dataDir: t.dataDir, logLevel: 'silent' })).rejects.toThrow(/is missing, but the data folder holds secret\.key/)
  })

  it('refuses a file that is not a database, and one with damaged pages', async () => {
    const t = await stoppedWithData()
    const db = join(t.dataDir, 'parley.db')
    // Damaged pages: overwrite everything after the header page.
    const size = statSync(db).size
    expect(size).toBeGreaterThan(8192)
    const fd = openSync(db, 'r+')
    writeSync(fd, Buffer.alloc(size - 4096, 0xab), 0, size - 4096, 4096)
    closeSync(fd)
    await expect(startParleyServer({ dataDir: t.dataDir, logLevel: 'silent' })).rejects.toThrow(/is damaged/)
    writeFileSync(db, 'this is not a database, just text that happens to be long enough '.repeat(100))
    await expect(startParleyServer({ dataDir: t.dataDir, logLevel: 'silent' })).rejects.toThrow(/is damaged or is not a Parley database/)
  })

  it('starts on a brand-new folder', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'parley-new-')), 'nested', 'data')
    mkdirSync(join(dataDir, '..'), { recursive: true })
    const server = await startParleyServer({ dataDir, logLevel: 'silent' })
    await server.close()
    rmSync(join(dataDir, '..', '..'), { recursive: true, force: true })
  })
})
