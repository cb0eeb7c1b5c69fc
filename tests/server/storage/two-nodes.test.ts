// Two Storage instances on one database, as two cluster nodes: exactly once per
// (sender, client_id) whichever node a resend reaches, actions on one message serialized,
// previews that never go back, and auth changes heard by the other node.
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import type { User } from '../../../src-shared/protocol/types'
import type { NewMessage, Storage } from '../../../src-main/server/storage/storage'
import { storageEngines } from './engines'

const engines = storageEngines()

function text(conversationId: number, sender: User, content: string, clientId: string | null = null): NewMessage {
  return { conversationId, sender, content, clientId, attachment: null, replyTo: null, mentions: [] }
}

function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve()
      else if (Date.now() > end) reject(new Error('timed out'))
      else setTimeout(tick, 20)
    }
    tick()
  })
}

describe.each(engines)('two nodes on $name', (engine) => {
  const open: Storage[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })

  async function nodes(): Promise<{ a: Storage; b: Storage }> {
    const db = await engine.fresh()
    const a = await db.open()
    const b = await db.open()
    open.push(a, b)
    return { a, b }
  }

  async function people(s: Storage, count: number): Promise<User[]> {
    const users: User[] = []
    for (let i = 0; i < count; i += 1) {
      const user = await s.users.create({ email: `u${i}@example.test`, fullName: `u${i}`, userType: 'talker', passwordHash: 'h' })
      if (user) users.push(user)
    }
    return users
  }

  it('the same client_id posted on both at once is stored once, and both hear of that one', async () => {
    const { a, b } = await nodes()
    const [ann, bob] = await people(a, 2) as [User, User]
    const chat = await a.conversations.create([ann.id, bob.id], '', null)
    const pairs = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      Promise.all([a.chat.post(text(chat, ann, `m${i} via a`, `c${i}`)), b.chat.post(text(chat, ann, `m${i} via b`, `c${i}`))])))
    for (const [viaA, viaB] of pairs) {
      expect(viaA.message.id).toBe(viaB.message.id)
      expect([viaA.created, viaB.created].filter(Boolean)).toHaveLength(1)
    }
    const history = await b.messages.history(chat, null, 100)
    expect(history).toHaveLength(30)
    expect(new Set(history.map((m) => m.clientId)).size).toBe(30)
  })

  it('reactions and actions racing on one message are serialized: none lost, a resent action applied once', async () => {
    const { a, b } = await nodes()
    const users = await people(a, 6)
    const ann = users[0] as User
    const chat = await a.conversations.create(users.map((u) => u.id), 'all', null)
    const m = (await a.chat.post(text(chat, ann, 'react to me'))).message
    const reactions = users.flatMap((user, i) => ['👍', '🎉', '❤️'].map((emoji, j) =>
      ((i + j) % 2 === 0 ? a : b).chat.act({ conversationId: chat, actor: user, messageId: m.id, clientId: null, action: { kind: 'react', emoji, on: true } })))
    const outcomes = await Promise.all(reactions)
    expect(outcomes.every((o) => o.changed)).toBe(true)
    expect(new Set(outcomes.map((o) => o.message.revision)).size).toBe(outcomes.length)
    const stored = await b.messages.get(m.id)
    // Which emoji came first depends on the race; every reaction is there.
    expect(stored?.reactions.map((r) => [r.emoji, [...r.userIds].sort((x, y) => x - y)]).sort()).toEqual(
      ['👍', '🎉', '❤️'].map((emoji) => [emoji, users.map((u) => u.id)]).sort())
    const edits = await Promise.all([a, b].map((node, i) =>
      node.chat.act({ conversationId: chat, actor: ann, messageId: m.id, clientId: 'edit-1', action: { kind: 'edit', content: `edit from ${i}`, mentions: null } })))
    expect(edits.filter((e) => e.changed)).toHaveLength(1)
    expect(edits[0]?.message.content).toBe(edits[1]?.message.content)
  })

  it('posts to the same conversations from both nodes in opposite orders all commit; previews never go back', async () => {
    const { a, b } = await nodes()
    const [ann, bob] = await people(a, 2) as [User, User]
    const first = await a.conversations.create([ann.id, bob.id], 'one', null)
    const second = await a.conversations.create([ann.id, bob.id], 'two', null)
    const writes: Promise<unknown>[] = []
    for (let i = 0; i < 20; i += 1) {
      writes.push(a.chat.post(text(first, ann, `a${i}`)), a.chat.post(text(second, ann, `a${i}`)))
      writes.push(b.chat.post(text(second, bob, `b${i}`)), b.chat.post(text(first, bob, `b${i}`)))
    }
    await Promise.all(writes)
    for (const chat of [first, second]) {
      const newest = await a.messages.history(chat, null, 1)
      expect(await b.conversations.lastMessageId(chat)).toBe(newest[0]?.id)
      expect(await b.messages.history(chat, null, 100)).toHaveLength(40)
    }
  })

  it('a user removed or a session revoked on one node is heard on the other, coalesced', async () => {
    const { a, b } = await nodes()
    const [ann, bob] = await people(a, 2) as [User, User]
    let heard = 0
    const stop = b.onAuthChange(() => { heard += 1 })
    await a.users.remove(ann.id)
    await until(() => heard === 1)
    // A burst is one sweep, or two at most (one at once, one a second later).
    await a.sessions.create({ id: 's1', userId: bob.id, refreshJti: 'j', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: 9e9 }, 0)
    for (let i = 0; i < 5; i += 1) await a.users.setPasswordHash(bob.id, `h${i}`)
    await a.sessions.revoke('s1', '2026-01-02T00:00:00.000Z')
    await until(() => heard >= 2)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(heard).toBeLessThanOrEqual(3)
    stop()
    const before = heard
    await a.users.remove(bob.id)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(heard).toBe(before)
  })
})

describe('PostgreSQL alone', () => {
  const engine = engines.find((e) => e.name === 'postgres')
  const open: Storage[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })

  it('reconnects when the database drops every connection, and keeps hearing changes', async () => {
    if (!engine) throw new Error('no postgres engine')
    const db = await engine.fresh()
    const a = await db.open()
    const b = await db.open()
    open.push(a, b)
    const ann = await a.users.create({ email: 'ann@example.test', fullName: 'ann', userType: 'talker', passwordHash: 'h' }) as User
    let heard = 0
    b.onAuthChange(() => { heard += 1 })
    const admin = new pg.Client({ connectionString: db.url })
    await admin.connect()
    try {
      const { rowCount } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
      expect(rowCount).toBeGreaterThanOrEqual(2)
    } finally {
      await admin.end()
    }
    // Back on: listeners run once, since changes made while it was away were not heard.
    await until(() => heard === 1)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await a.users.remove(ann.id)
    await until(() => heard === 2)
    // The pooled connections killed with it are replaced: the node keeps working.
    expect(await b.users.findActive(ann.id)).toBeNull()
  })

  it('a message committed after another node\'s has the higher id: clients fill gaps with the ids after the newest they saw', async () => {
    if (!engine) throw new Error('no postgres engine')
    const db = await engine.fresh()
    const node = await db.open()
    open.push(node)
    const [ann, bob] = await Promise.all(['ann', 'bob'].map((name) =>
      node.users.create({ email: `${name}@example.test`, fullName: name, userType: 'talker', passwordHash: 'h' }))) as [User, User]
    const chat = await node.conversations.create([ann.id, bob.id], '', null)
    const other = new pg.Client({ connectionString: db.url })
    await other.connect()
    try {
      // Another node's batch holds the conversation while it commits …
      await other.query('BEGIN')
      await other.query('SELECT id FROM conversations WHERE id = $1 FOR NO KEY UPDATE', [chat])
      const posting = node.chat.post(text(chat, ann, 'committed second'))
      await new Promise((resolve) => setTimeout(resolve, 300))
      // … and stores its message, which commits first.
      const { rows } = await other.query<{ id: string }>(
        "INSERT INTO messages (conversation_id, sender_id, content, message_type, created_at) VALUES ($1, $2, 'committed first', 'text', $3) RETURNING id",
        [chat, bob.id, new Date().toISOString()])
      await other.query('COMMIT')
      const second = await posting
      expect(second.message.id).toBeGreaterThan(Number(rows[0]?.id))
    } finally {
      await other.end()
    }
  })

  it('refuses an id beyond what JavaScript counts exactly, with a clear error, and keeps working', async () => {
    if (!engine) throw new Error('no postgres engine')
    const db = await engine.fresh()
    const node = await db.open()
    open.push(node)
    const admin = new pg.Client({ connectionString: db.url })
    await admin.connect()
    try {
      await admin.query("INSERT INTO users (id, email, full_name, password_hash, created_at) VALUES (9007199254740993, 'big@x', 'big', 'h', 'now')")
    } finally {
      await admin.end()
    }
    await expect(node.users.findByEmail('big@x')).rejects.toThrow('PostgreSQL returned 9007199254740993, beyond what this Parley can count')
    const other = await node.users.create({ email: 'small@x', fullName: 'small', userType: 'talker', passwordHash: 'h' })
    expect((await node.users.findByEmail('small@x'))?.user).toEqual(other)
  })
})
