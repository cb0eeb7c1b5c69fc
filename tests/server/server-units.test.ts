// Pure pieces of the server, without sockets: filename rules, base64 decoding, the rate
// bucket (injected clock), media signatures, the router, group commit's isolation, and the
// SQLite storage's auth-change announcements.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { GroupCommitter, SyncFailedError, type DurableSync } from '../../src-main/server/storage/sqlite/group-commit'
import { GatedSync } from './gated-sync'
import { openDatabase, type Db } from '../../src-main/server/db/open-database'
import { WalSync } from '../../src-main/server/db/wal-sync'
import { DatabaseUrlError, openStorage } from '../../src-main/server/storage/open-storage'
import { settled } from '../../src-main/server/storage/sqlite/promised'
import { Router } from '../../src-main/server/http/router'
import { decodeStoredPath } from '../../src-main/server/http/media-route'
import { sanitizeFilename, storedFileName } from '../../src-main/server/media/filenames'
import { MediaSigner } from '../../src-main/server/media/signing'
import { decodeBase64File } from '../../src-main/server/realtime/base64'
import { TokenBucket } from '../../src-main/server/realtime/rate-limiter'

describe('filenames', () => {
  it('keeps the last path component, drops control characters, caps at 255 keeping the extension', () => {
    expect(sanitizeFilename('C:\\Users\\ada\\report.pdf')).toBe('report.pdf')
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd')
    expect(sanitizeFilename('bad\u0000name\u001f.txt')).toBe('badname.txt')
    expect(sanitizeFilename('  ')).toBeNull()
    expect(sanitizeFilename('..')).toBeNull()
    expect(sanitizeFilename('dir/')).toBeNull()
    const long = sanitizeFilename(`${'é'.repeat(400)}.tar`)!
    expect(Array.from(long)).toHaveLength(255)
    expect(long.endsWith('.tar')).toBe(true)
    expect(sanitizeFilename('résumé 2026.pdf')).toBe('résumé 2026.pdf')
  })

  it('stores under a random, URL-safe name', () => {
    const a = storedFileName('my résumé (final).pdf')
    const b = storedFileName('my résumé (final).pdf')
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[\w-]{16}_[A-Za-z0-9._-]+\.pdf$/)
    expect(storedFileName('...')).toMatch(/_file$/)
  })
})

describe('base64 file data', () => {
  it('accepts standard, URL-safe, wrapped and data-URL input', () => {
    for (const input of ['aGVsbG8=', 'aGVs\nbG8=', 'data:text/plain;base64,aGVsbG8=']) {
      const decoded = decodeBase64File(input, 100)
      expect(decoded.kind === 'ok' && decoded.bytes.toString()).toBe('hello')
    }
    expect(decodeBase64File('_-8=', 100).kind).toBe('ok')
  })

  it('rejects bad characters and impossible lengths, and sizes before decoding', () => {
    expect(decodeBase64File('abc$', 100).kind).toBe('invalid')
    expect(decodeBase64File('abcde', 100).kind).toBe('invalid')
    expect(decodeBase64File('ab===', 100).kind).toBe('invalid')
  })

  it('refuses unpadded input, as the seed (b64decode(validate=True)) does', () => {
    for (const input of ['aGVsbG8', 'aGVsbG', 'aGVs\nbG8', 'data:text/plain;base64,aGVsbG8', 'aGVsbG8=\n=']) {
      expect(decodeBase64File(input, 100).kind, JSON.stringify(input)).toBe('invalid')
    }
    expect(decodeBase64File('A'.repeat(1000), 100).kind).toBe('too-large')
  })
})

describe('token bucket', () => {
  it('allows the burst, refuses the rest, and refills at the rate', () => {
    let now = 0
    const bucket = new TokenBucket(2, 3, () => now)
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    now += 500
    expect([bucket.take(), bucket.take()]).toEqual([true, false])
    now += 10_000
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
  })
})

describe('media signatures', () => {
  const secret = Buffer.alloc(64, 1)
  it('verifies its own signatures only, for that path, until they expire', () => {
    const signer = new MediaSigner(secret, 3600)
    const now = Date.UTC(2026, 0, 14, 10, 5)
    const query = new URLSearchParams(signer.sign('/media/chat_files/a.txt', now))
    const [exp, sig] = [query.get('exp'), query.get('sig')]
    expect(Number(exp) % 3600).toBe(0)
    expect(signer.check('/media/chat_files/a.txt', exp, sig, now)).toBe('ok')
    expect(signer.check('/media/chat_files/b.txt', exp, sig, now)).toBe('invalid')
    expect(signer.check('/media/chat_files/a.txt', exp, sig, now + 3 * 3600_000)).toBe('expired')
    expect(signer.check('/media/chat_files/a.txt', null, sig, now)).toBe('missing')
    expect(new MediaSigner(Buffer.alloc(64, 2), 3600).check('/media/chat_files/a.txt', exp, sig, now)).toBe('invalid')
  })
})

describe('router and media paths', () => {
  it('matches params, optional trailing slashes, methods and tails', () => {
    const router = new Router()
    const handler = () => undefined
    router.add('GET', '/api/chat/conversations/:id/messages/', handler)
    router.add('POST', '/api/auth/login/', handler)
    router.add('GET', '/media/*', handler)
    expect(router.match('GET', '/api/chat/conversations/7/messages')).toMatchObject({ kind: 'found', params: { id: '7' } })
    expect(router.match('HEAD', '/api/chat/conversations/7/messages/')).toMatchObject({ kind: 'found' })
    expect(router.match('GET', '/api/auth/login/')).toEqual({ kind: 'method-not-allowed', allowed: ['POST'] })
    expect(router.match('GET', '/media/chat_files/2026/a.txt')).toMatchObject({ params: { '*': 'chat_files/2026/a.txt' } })
    expect(router.match('GET', '/api/chat/conversations/7/')).toEqual({ kind: 'none' })
  })

  it('decodes only plain chat_files paths', () => {
    expect(decodeStoredPath('chat_files/2026/01/14/a%20b.txt')).toBe('chat_files/2026/01/14/a b.txt')
    for (const raw of ['chat_files/..%2f..%2fsecret.key', 'chat_files/%2e%2e/x', 'other/x', 'chat_files//x', 'chat_files/%00', 'chat_files/%E0%A4%A']) {
      expect(decodeStoredPath(raw), raw).toBeNull()
    }
  })
})

describe('group commit', () => {
  /** A real database in a temp folder with a table whose CHECK makes negative values fail. */
  function withTable(run: (db: Db, insert: (v: number) => number) => Promise<void>): () => Promise<void> {
    return async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parley-gc-'))
      const db = openDatabase(dir)
      try {
        db.exec('CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0))')
        const statement = db.prepare('INSERT INTO t (v) VALUES (?)')
        await run(db, (v) => {
          statement.run(v)
          return v
        })
      } finally {
        db.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }

  const rows = (db: Db) => db.prepare('SELECT v FROM t ORDER BY v').pluck().all()

  it('commits a turn in one transaction, fails a bad item alone, and reports results after commit', withTable(async (db, insert) => {
    const committedBatches: number[][] = []
    const committer = new GroupCommitter<number>(db, WalSync.forDatabase(db), (results) => {
      expect(db.inTransaction).toBe(false)
      expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL again for every other write
      committedBatches.push(results)
    })
    const outcomes = await Promise.allSettled([1, -1, 2].map((v) => committer.submit(() => insert(v))))
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(committedBatches).toEqual([[1, 2]])
    expect(rows(db)).toEqual([1, 2])
    await committer.submit(() => insert(3))
    expect(committedBatches).toEqual([[1, 2], [3]])
    await committer.drained()
  }))

  it('hands nothing back before the WAL sync; writes meanwhile form the next batch', withTable(async (db, insert) => {
    const gate = new GatedSync()
    const committedBatches: number[][] = []
    const committer = new GroupCommitter<number>(db, gate, (results) => committedBatches.push(results))
    let firstDone = false
    const first = committer.submit(() => insert(1)).then((v) => { firstDone = true; return v })
    await vi.waitFor(() => expect(gate.pending).toHaveLength(1)) // batch 1 committed, syncing
    expect(rows(db)).toEqual([1])
    const second = [committer.submit(() => insert(2)), committer.submit(() => insert(3))]
    await new Promise((resolve) => setImmediate(resolve))
    expect(firstDone).toBe(false)
    expect(committedBatches).toEqual([])
    expect(rows(db)).toEqual([1]) // 2 and 3 wait for batch 1 to be durable
    await gate.release()
    expect(await first).toBe(1)
    await gate.release()
    expect(await Promise.all(second)).toEqual([2, 3])
    expect(committedBatches).toEqual([[1], [2, 3]])
    await committer.drained()
  }))

  it('runs durable reads when no synced-pending row is visible, before the next batch commits', withTable(async (db, insert) => {
    const gate = new GatedSync()
    const committer = new GroupCommitter<number>(db, gate, () => undefined)
    expect(await committer.whenDurable(() => rows(db))).toEqual([]) // idle: at once
    const first = committer.submit(() => insert(1))
    await vi.waitFor(() => expect(gate.pending).toHaveLength(1))
    const seen = committer.whenDurable(() => rows(db))
    const next = committer.submit(() => insert(2))
    await gate.release()
    expect(await seen).toEqual([1]) // after batch 1 is durable, not including batch 2
    await first
    await gate.release()
    await next
    expect(await committer.whenDurable(() => rows(db))).toEqual([1, 2])
  }))

  it('keeps an async durable read of several awaits (storage calls that complete at once) whole before the next batch', withTable(async (db, insert) => {
    const gate = new GatedSync()
    const committer = new GroupCommitter<number>(db, gate, () => undefined)
    const first = committer.submit(() => insert(1))
    await vi.waitFor(() => expect(gate.pending).toHaveLength(1))
    const read = (): Promise<unknown[]> => settled(() => rows(db))
    const seen = committer.whenDurable(async () => [await read(), await read(), await read()])
    const next = committer.submit(() => insert(2))
    await gate.release()
    expect(await seen).toEqual([[1], [1], [1]]) // batch 2 committed only after the whole read
    await first
    await gate.release()
    await next
  }))

  it('rejects a batch whose sync fails with SyncFailedError and keeps working', withTable(async (db, insert) => {
    let fail = true
    const flaky: DurableSync = { sync: async () => { if (fail) throw new Error('EIO') } }
    const committer = new GroupCommitter<number>(db, flaky, () => undefined)
    await expect(committer.submit(() => insert(1))).rejects.toBeInstanceOf(SyncFailedError)
    fail = false
    expect(await committer.submit(() => insert(2))).toBe(2)
    await committer.drained()
  }))
})

describe('storage', () => {
  it('picks SQLite without a URL, PostgreSQL for a postgres:// one, and never repeats a URL (its password)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-storage-'))
    try {
      // Nothing listens on port 1: PostgreSQL was chosen, and its refusal names no password.
      const unreachable = openStorage({ dataDir: dir, database: 'postgres://parley:s3cret@127.0.0.1:1/parley' })
      await expect(unreachable).rejects.toThrow(/ECONNREFUSED/)
      await expect(unreachable).rejects.not.toThrow(/s3cret/)
      const refused = openStorage({ dataDir: dir, database: 'mysql://parley:s3cret@db.example/parley' })
      await expect(refused).rejects.toBeInstanceOf(DatabaseUrlError)
      await expect(refused).rejects.not.toThrow(/s3cret/)
      const storage = await openStorage({ dataDir: dir })
      expect(storage.engine).toBe('sqlite')
      await storage.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('announces removals, password resets and revocations at once, and another process\'s changes within the poll', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-storage-'))
    const storage = await openStorage({ dataDir: dir })
    const other = await openStorage({ dataDir: dir })
    try {
      let heard = 0
      const unsubscribe = storage.onAuthChange(() => { heard += 1 })
      const user = await storage.users.create({ email: 'a@example.com', fullName: 'A', userType: 'talker', passwordHash: 'h' })
      expect(user).not.toBeNull()
      const id = (user as { id: number }).id
      expect(heard).toBe(0) // a new account ends nobody's session
      await storage.users.setPasswordHash(id, 'h2')
      expect(heard).toBe(1)
      await storage.sessions.create({ id: 's', userId: id, refreshJti: 'j', createdAt: new Date().toISOString(), expiresAt: 2 ** 40 }, 0)
      await storage.sessions.revoke('s', new Date().toISOString())
      expect(heard).toBe(2)
      await storage.users.remove(id)
      expect(heard).toBe(3)
      await other.users.setPasswordHash(id, 'h3') // another connection: noticed by PRAGMA data_version
      await vi.waitFor(() => expect(heard).toBe(4), { timeout: 3000 })
      unsubscribe()
      await storage.users.remove(id)
      expect(heard).toBe(4)
    } finally {
      await other.close()
      await storage.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
