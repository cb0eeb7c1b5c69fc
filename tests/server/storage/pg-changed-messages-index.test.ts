// messages_by_revision holds only messages that ever changed (migration 007): the changes
// endpoint's reads must still use it. A generic plan (a prepared statement's, after a few
// runs) knows nothing of `since`, so only the queries' own `revision > 0` lets the planner
// use the partial index: without it they scan every message of the conversation.
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import type { Storage } from '../../../src-main/server/storage/storage'
import { PgMessages } from '../../../src-main/server/storage/postgres/messages'
import { clientConfig } from '../../../src-main/server/storage/postgres/pool'
import type { Queryable } from '../../../src-main/server/storage/postgres/queryable'
import { storageEngines } from './engines'

const postgres = storageEngines().find((engine) => engine.name === 'postgres')
if (!postgres) throw new Error('no PostgreSQL engine')

describe('PostgreSQL: changed messages index', () => {
  const closing: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const close of closing.splice(0)) await close()
  })

  it('holds only changed messages, and the changes reads use it in a generic plan', async () => {
    const db = await postgres.fresh()
    const storage: Storage = await db.open()
    closing.push(() => storage.close())
    const ann = await storage.users.create({ email: 'ann@example.test', fullName: 'Ann', userType: 'talker', passwordHash: 'h' })
    const bob = await storage.users.create({ email: 'bob@example.test', fullName: 'Bob', userType: 'talker', passwordHash: 'h' })
    if (!ann || !bob) throw new Error('users not created')
    const chat = await storage.conversations.create([ann.id, bob.id], '', `${ann.id}:${bob.id}`)
    const posted = []
    for (let i = 0; i < 20; i += 1) {
      posted.push(await storage.chat.post({ conversationId: chat, sender: ann, content: `m${i}`, clientId: null, attachment: null, replyTo: null, mentions: [] }))
    }
    const first = posted[0]
    if (first?.kind !== 'message') throw new Error('not posted')
    await storage.chat.act({ actor: ann, conversationId: chat, messageId: first.message.id, clientId: null, action: { kind: 'edit', content: 'm0 edited', mentions: null } })

    const client = new pg.Client(clientConfig(db.url))
    await client.connect()
    closing.push(() => client.end())
    const { rows: [index] } = await client.query<{ def: string }>("SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'messages_by_revision'")
    expect(index?.def).toContain('WHERE (revision > 0)')

    // The exact statements PgMessages sends, planned as a prepared statement's generic plan.
    const sent: string[] = []
    const recorder: Queryable = { query: (text, values) => { sent.push(typeof text === 'string' ? text : text.text); return client.query(text, values) } }
    const messages = new PgMessages(recorder)
    expect((await messages.changes(chat, 0, 10)).map((m) => m.content)).toEqual(['m0 edited'])
    expect(await messages.newestRevision(chat)).toBeGreaterThan(0)
    expect(sent).toHaveLength(2)
    await client.query('SET plan_cache_mode = force_generic_plan')
    for (const [k, text] of sent.entries()) {
      const types = k === 0 ? '(bigint, bigint, int)' : '(bigint)'
      const args = k === 0 ? `(${chat}, 0, 10)` : `(${chat})`
      await client.query(`PREPARE changes_read_${k} ${types} AS ${text}`)
      const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE changes_read_${k} ${args}`)
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('messages_by_revision')
    }
  })
})
