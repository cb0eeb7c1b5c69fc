// copy-to-postgres against a real SQLite server (running while it is copied) and a real
// PostgreSQL: everything arrives and the check says so; a row changed on either side
// afterwards is reported; a target with chat data is refused unless --replace; media
// files are copied once, byte for byte, and nothing outside the media folder is taken;
// a source value PostgreSQL could not hold stops the copy with nothing written.
import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { checkCopy, copyToPostgres, type CopyOptions, type CopyReport } from '../../../src-main/server/copy/copy-to-postgres'
import { CopyDataError } from '../../../src-main/server/copy/canonical'
import { CopyRefusedError } from '../../../src-main/server/copy/target-schema'
import { formatReport } from '../../../src-main/server/copy/report'
import { tablesMatch } from '../../../src-main/server/copy/check'
import { startTestServer, stopAllTestServers, type TestServer, type TestUser } from '../helpers'
import { usePostgres } from '../../support/postgres'
import { populatedServer, type PopulatedServer } from './populated-server'

const postgres = usePostgres()
const folders: string[] = []
const quiet = (): void => undefined

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'parley-copy-test-'))
  folders.push(folder)
  return folder
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

function tableRows(report: CopyReport): Record<string, [number, number]> {
  return Object.fromEntries(report.tables.map((check) => [check.table, [check.source.rows, check.target.rows]]))
}

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

describe('a populated server copied while it runs', () => {
  let source: PopulatedServer
  let options: CopyOptions
  let report: CopyReport

  beforeAll(async () => {
    source = await populatedServer()
    options = { dataDir: source.t.dataDir, databaseUrl: await postgres().freshDatabase(), sharedDir: tempFolder(), progress: quiet }
    report = await copyToPostgres(options)
  }, 60_000)
  afterAll(stopAllTestServers)

  it('moves every table and passes the check', () => {
    expect(formatReport(report).at(-1)).toBe('Check passed: every table and every media file match.')
    expect(report.ok).toBe(true)
    expect(tableRows(report)).toEqual({
      users: [5, 5], conversations: [2, 2], participants: [5, 5], attachments: [1, 1], messages: [6, 6],
      reactions: [3, 3], message_mentions: [2, 2], message_actions: [3, 3], sessions: [6, 6], invites: [2, 2],
    })
    for (const check of report.tables) expect(check.target.sha256).toBe(check.source.sha256)
    expect(report.uploadsSkipped).toBe(1)
    expect(report.missingFiles).toEqual([])
  })

  it('keeps what the rows mean: read state, deletion, reaction order, revoked sessions, used invites', async () => {
    const url = options.databaseUrl
    const messages = await query<{ content: string; is_read: number; deleted_at: string | null; reply_to: string | null }>(url, 'SELECT content, is_read, deleted_at, reply_to FROM messages ORDER BY id')
    expect(messages.map((m) => [m.content, m.is_read, m.deleted_at !== null, m.reply_to !== null])).toEqual([
      ['Grüße, Bob: the café at 11?', 1, false, false], ['yes, see you there', 0, false, true], ['the place', 1, false, false],
      ['', 1, true, false], ['hello @Ada and @Bob', 0, false, false], ['unread by everyone', 0, false, false],
    ])
    const reactions = await query<{ emoji: string; user_id: string }>(url, 'SELECT emoji, user_id FROM reactions ORDER BY id')
    expect(reactions.map((r) => [r.emoji, Number(r.user_id)])).toEqual([['👍', source.bob.user.id], ['🎉', source.ada.user.id], ['👍', source.ada.user.id]])
    expect(await query(url, 'SELECT count(*)::int AS n FROM sessions WHERE revoked_at IS NOT NULL')).toEqual([{ n: 1 }])
    expect(await query(url, 'SELECT count(*)::int AS n FROM invites WHERE used_by IS NOT NULL')).toEqual([{ n: 1 }])
    expect(await query(url, 'SELECT count(*)::int AS n FROM uploads')).toEqual([{ n: 0 }])
  })

  it('moves the sequences past the copied ids and revisions, and fills the search index', async () => {
    const url = options.databaseUrl
    const [next] = await query<{ users: string; messages: string; revision: string; max_revision: string }>(url, `
      SELECT nextval(pg_get_serial_sequence('users', 'id')) AS users, nextval(pg_get_serial_sequence('messages', 'id')) AS messages,
             nextval('revision_seq') AS revision, (SELECT max(revision) FROM messages) AS max_revision`)
    expect(Number(next?.users)).toBe(6)
    expect(Number(next?.messages)).toBe(7)
    expect(Number(next?.revision)).toBeGreaterThan(Number(next?.max_revision))
    const found = await query<{ content: string }>(url, "SELECT content FROM messages WHERE search @@ to_tsquery('simple', 'cafe:*') ORDER BY id")
    expect(found.map((m) => m.content)).toEqual(['Grüße, Bob: the café at 11?'])
    const byFile = await query<{ content: string }>(url, "SELECT content FROM messages WHERE search @@ to_tsquery('simple', 'photo') ORDER BY id")
    expect(byFile.map((m) => m.content)).toEqual(['the place'])
    // The deleted file message (old.txt, "wrong file") left nothing to find.
    expect(await query(url, "SELECT id FROM messages WHERE search @@ to_tsquery('simple', 'old | wrong')")).toEqual([])
  })

  it('copies every media file and the signing secret byte for byte; the deleted file is not there to copy', async () => {
    const [attachment] = await query<{ stored_path: string }>(options.databaseUrl, 'SELECT stored_path FROM attachments')
    const copied = readFileSync(join(options.sharedDir, 'media', ...(attachment?.stored_path ?? '').split('/')), 'utf8')
    expect(copied).toBe('png bytes of a photo')
    const secret = readFileSync(join(source.t.dataDir, 'secret.key'))
    expect(readFileSync(join(options.sharedDir, 'secret.key'))).toEqual(secret)
    expect(report.media).toMatchObject({ files: 2, bytes: 20 + secret.length, mismatched: [] })
    expect(report.mediaCopy).toEqual({ copied: 2, alreadyThere: 0 })
  })

  it('reports a row changed in PostgreSQL afterwards, and only that table', async () => {
    const url = options.databaseUrl
    await query(url, "UPDATE users SET full_name = 'Mallory' WHERE id = $1", [source.bob.user.id])
    try {
      const again = await checkCopy(options)
      expect(again.ok).toBe(false)
      expect(again.tables.filter((check) => check.source.sha256 !== check.target.sha256).map((check) => check.table)).toEqual(['users'])
      expect(formatReport(again).find((line) => line.startsWith('users '))).toMatch(/MISMATCH$/)
      expect(formatReport(again).at(-1)).toBe('Check FAILED: see MISMATCH above.')
    } finally {
      await query(url, "UPDATE users SET full_name = 'Bob Tester' WHERE id = $1", [source.bob.user.id])
    }
    expect((await checkCopy(options)).ok).toBe(true)
    // A value no source could hold there is a mismatch too, not a failed check.
    const [session] = await query<{ created_at: string }>(url, 'SELECT created_at FROM sessions ORDER BY id COLLATE "C" LIMIT 1')
    await query(url, 'UPDATE sessions SET created_at = $1 WHERE created_at = $2', ['yesterday', session?.created_at])
    try {
      const again = await checkCopy(options)
      expect(again.tables.filter((check) => !tablesMatch(check)).map((check) => check.table)).toEqual(['sessions'])
    } finally {
      await query(url, 'UPDATE sessions SET created_at = $1 WHERE created_at = $2', [session?.created_at, 'yesterday'])
    }
  })

  it('reports a row changed or added on the SQLite side afterwards', async () => {
    const db = new Database(join(source.t.dataDir, 'parley.db'))
    try {
      db.prepare("UPDATE messages SET is_read = 1 WHERE content = 'unread by everyone'").run()
      db.prepare("INSERT INTO invites (code, created_at) VALUES ('LATECOMER', '2026-12-01T10:00:00.000Z')").run()
    } finally {
      db.close()
    }
    const again = await checkCopy(options)
    expect(again.ok).toBe(false)
    const mismatched = again.tables.filter((check) => check.source.sha256 !== check.target.sha256)
    expect(mismatched.map((check) => [check.table, check.source.rows, check.target.rows])).toEqual([['messages', 6, 6], ['invites', 3, 2]])
  })

  it('reports a media file changed or missing in the target folder', async () => {
    const [attachment] = await query<{ stored_path: string }>(options.databaseUrl, 'SELECT stored_path FROM attachments')
    const path = join(options.sharedDir, 'media', ...(attachment?.stored_path ?? '').split('/'))
    writeFileSync(path, 'png bytes of a phot0')
    const again = await checkCopy(options)
    expect(again.media.mismatched).toEqual([`media/${attachment?.stored_path}`])
    expect(again.ok).toBe(false)
    rmSync(path)
    expect((await checkCopy(options)).media.mismatched).toEqual([`media/${attachment?.stored_path}`])
  })

  it('refuses a target that holds chat data; --replace copies again in place of it, media already there left alone', async () => {
    await expect(copyToPostgres(options)).rejects.toThrow(CopyRefusedError)
    await expect(copyToPostgres(options)).rejects.toThrow(/already holds chat data \(rows: users 5, conversations 2/)
    const sharedDir = tempFolder()
    const replaced = await copyToPostgres({ ...options, sharedDir, replace: true })
    expect(replaced.ok).toBe(true)
    expect(tableRows(replaced).invites).toEqual([3, 3])
    const again = await copyToPostgres({ ...options, sharedDir, replace: true })
    expect(again.ok).toBe(true)
    expect(again.mediaCopy).toEqual({ copied: 0, alreadyThere: 2 })
  })
})

describe('the target in use', () => {
  afterEach(stopAllTestServers)

  it('a server writing all through the copy: the copy is its snapshot, whole, and says so', async () => {
    const source = await populatedServer()
    const socket = await source.t.connect(source.group, source.carol)
    let sent = 0
    let writing = true
    const writer = (async () => {
      while (writing) {
        sent += 1
        socket.send({ type: 'chat_message', message: `while copying ${sent}` })
        await socket.next('message')
        // About 25 a second, under the per-socket rate limit (50/s after a burst of 200):
        // a copy that takes a few seconds must not make this writer a flood.
        await new Promise((resolve) => setTimeout(resolve, 40))
      }
    })()
    const options = { dataDir: source.t.dataDir, databaseUrl: await postgres().freshDatabase(), sharedDir: tempFolder(), progress: quiet }
    while (sent < 20) await new Promise((resolve) => setTimeout(resolve, 10))
    const report = await copyToPostgres(options)
    const atEnd = sent
    writing = false
    await writer
    expect(report.ok).toBe(true)
    const copied = tableRows(report).messages?.[1] ?? 0
    // Some of the messages sent during the copy are in it, the ones after its snapshot are not.
    expect(copied).toBeGreaterThan(6)
    expect(copied).toBeLessThan(6 + atEnd)
    expect(formatReport(report)[1]).toBe('Writes made after the snapshot are not included. For the final move: stop the SQLite server,')
  }, 30_000)

  it('a server started on the PostgreSQL database serves the same history and signs people in with their old passwords', async () => {
    const source = await populatedServer()
    const options = { dataDir: source.t.dataDir, databaseUrl: await postgres().freshDatabase(), sharedDir: tempFolder(), progress: quiet }
    expect((await copyToPostgres(options)).ok).toBe(true)
    // A cluster node: its own data folder, the shared folder the copy filled.
    const target = await startTestServer({ dataDir: tempFolder(), database: options.databaseUrl, sharedDir: options.sharedDir })
    const { ada, carol, direct, group } = source
    /** What `path` shows on the new server, asserted equal to what the old one shows. */
    const sameView = async (path: string, before: TestUser, after: TestUser): Promise<string> => {
      const shown = async (server: TestServer, user: TestUser): Promise<string> => {
        const res = await server.request(path, { token: user.access })
        expect(res.status, path).toBe(200)
        // Signed links name their server and expiry; the file behind them is fetched below.
        return JSON.stringify(res.body).replace(/"file_url":"[^"]*"/g, '"file_url":""')
      }
      const there = await shown(target, after)
      expect(there).toBe(await shown(source.t, before))
      return there
    }
    const adaThere = await target.login(ada.email, ada.password)
    const carolThere = await target.login(carol.email, source.carolPassword)
    const refused = async (email: string, password: string) => (await target.request('/api/auth/login/', { method: 'POST', body: { email, password } })).status
    expect(await refused('dave@example.com', 'password-dave')).toBe(401) // removed before the move
    expect(await refused(carol.email, 'password-carol')).toBe(401) // her password before the reset
    for (const id of [direct, group]) await sameView(`/api/chat/conversations/${id}/messages/?ext=edit,delete,reply,reactions,mentions`, ada, adaThere)
    await sameView('/api/chat/conversations/', carol, carolThere)
    expect(await sameView('/api/parley/search/?q=caf', ada, adaThere)).toContain('the café at 11?')
    // A refresh token issued before the move still works after it: the session and the secret were copied.
    expect((await target.request('/api/auth/token/refresh/', { method: 'POST', body: { refresh: ada.refresh } })).status).toBe(200)
    const history = await target.request<{ message_type: string; file_attachment: { file_url: string } | null }[]>(`/api/chat/conversations/${direct}/messages/`, { token: adaThere.access })
    const file = history.body.find((message) => message.message_type === 'file')?.file_attachment
    expect(await (await fetch(file?.file_url ?? '')).text()).toBe('png bytes of a photo')
  }, 30_000)
})

describe('a source the copy must refuse', () => {
  afterEach(stopAllTestServers)

  it('a value PostgreSQL cannot hold stops the copy, naming the row, with nothing written', async () => {
    const { t } = await populatedServer()
    const db = new Database(join(t.dataDir, 'parley.db'))
    db.prepare("UPDATE users SET full_name = ? WHERE email = 'carol@example.com'").run('nul\0byte')
    db.close()
    const options = { dataDir: t.dataDir, databaseUrl: await postgres().freshDatabase(), sharedDir: tempFolder(), progress: quiet }
    await expect(copyToPostgres(options)).rejects.toThrow(CopyDataError)
    await expect(copyToPostgres(options)).rejects.toThrow(/users row id=3: full_name holds "nul\\u0000byte", expected text without NUL characters/)
    expect(await query(options.databaseUrl, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }])
  }, 30_000)

  it('a row breaking the schema\'s rules (written with SQLite\'s checks off) stops the copy, naming the key, with nothing written', async () => {
    const { t } = await populatedServer()
    const tamper = (sql: string): void => {
      const db = new Database(join(t.dataDir, 'parley.db'))
      db.pragma('foreign_keys = OFF')
      db.pragma('ignore_check_constraints = ON')
      db.prepare(sql).run()
      db.close()
    }
    tamper("UPDATE messages SET message_type = 'video' WHERE id = 2")
    const options = { dataDir: t.dataDir, databaseUrl: await postgres().freshDatabase(), sharedDir: tempFolder(), progress: quiet }
    // SQLite's quick_check of the snapshot finds a failing CHECK itself.
    await expect(copyToPostgres(options)).rejects.toThrow(/is damaged \(SQLite: CHECK constraint failed in messages\): nothing was copied/)
    tamper("UPDATE messages SET message_type = 'text' WHERE id = 2")
    tamper('INSERT INTO message_mentions (message_id, position, user_id) VALUES (1, 9, 4242)')
    await expect(copyToPostgres(options)).rejects.toThrow(/^message_mentions: .*violates foreign key constraint .*\(Key \(user_id\)=\(4242\) is not present in table "users"\.\)\. Nothing was copied\.$/)
    expect(await query(options.databaseUrl, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }])
  }, 30_000)

  it('a media link pointing outside the media folder is refused before any row is written', async () => {
    const { t } = await populatedServer()
    const outside = join(tempFolder(), 'secret.txt')
    writeFileSync(outside, 'not yours')
    symlinkSync(outside, join(t.dataDir, 'media', 'chat_files', 'escape.txt'))
    const options = { dataDir: t.dataDir, databaseUrl: await postgres().freshDatabase(), sharedDir: tempFolder(), progress: quiet }
    await expect(copyToPostgres(options)).rejects.toThrow(/escape\.txt points outside the media folder/)
    expect(await query(options.databaseUrl, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }])
  }, 30_000)

  it('a database of a newer Parley is refused', async () => {
    const { t } = await populatedServer()
    const db = new Database(join(t.dataDir, 'parley.db'))
    db.pragma('user_version = 99')
    db.close()
    const options = { dataDir: t.dataDir, databaseUrl: await postgres().freshDatabase(), sharedDir: tempFolder(), progress: quiet }
    await expect(copyToPostgres(options)).rejects.toThrow(/schema version 99 is newer than this Parley/)
  }, 30_000)
})
