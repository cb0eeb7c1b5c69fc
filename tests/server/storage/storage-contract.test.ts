// The Storage contract (src-main/server/storage/storage.ts), run against every engine:
// each store, and the chat rules as ChatStore applies them.
import { afterEach, describe, expect, it } from 'vitest'
import type { User } from '../../../src-shared/protocol/types'
import { ChatRefusal } from '../../../src-main/server/chat/chat-rules'
import { RegistrationPolicy } from '../../../src-main/server/lan/registration-policy'
import { searchTerms } from '../../../src-shared/protocol/search-text'
import type { CommitOutcome, NewMessage, Storage } from '../../../src-main/server/storage/storage'
import { storageEngines } from './engines'

const engines = storageEngines()

describe.each(engines)('Storage on $name', (engine) => {
  const open: Storage[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })

  async function fresh(): Promise<Storage> {
    const db = await engine.fresh()
    const storage = await db.open()
    open.push(storage)
    return storage
  }

  async function user(storage: Storage, name: string): Promise<User> {
    const created = await storage.users.create({ email: `${name}@example.test`, fullName: name, userType: 'talker', passwordHash: `hash-${name}` })
    if (!created) throw new Error('user not created')
    return created
  }

  function text(conversationId: number, sender: User, content: string, extra: Partial<NewMessage> = {}): NewMessage {
    return { conversationId, sender, content, clientId: null, attachment: null, replyTo: null, mentions: [], ...extra }
  }

  async function setup(): Promise<{ s: Storage; ann: User; bob: User; cat: User; chat: number }> {
    const s = await fresh()
    const ann = await user(s, 'ann')
    const bob = await user(s, 'bob')
    const cat = await user(s, 'cat')
    const chat = await s.conversations.create([ann.id, bob.id], '', `${ann.id}:${bob.id}`)
    return { s, ann, bob, cat, chat }
  }

  it('users: create, unique email (any case), remove and revive, directory', async () => {
    const s = await fresh()
    const ann = await user(s, 'ann')
    expect(ann).toEqual({ id: ann.id, email: 'ann@example.test', user_type: 'talker', full_name: 'ann' })
    expect(await s.users.create({ email: 'ANN@example.test', fullName: 'x', userType: 'talker', passwordHash: 'h' })).toBeNull()
    expect((await s.users.findByEmail(' Ann@Example.test '))?.user.id).toBe(ann.id)
    expect(await s.users.tokenVersion(ann.id)).toBe(0)
    await s.users.setPasswordHash(ann.id, 'new')
    expect(await s.users.find(ann.id)).toMatchObject({ passwordHash: 'new', active: true, tokenVersion: 1 })
    await s.users.remove(ann.id)
    expect(await s.users.findActive(ann.id)).toBeNull()
    expect(await s.users.tokenVersion(ann.id)).toBe(2)
    expect(await s.users.list()).toEqual([])
    const revived = await s.users.create({ email: 'ann@example.test', fullName: 'Ann B', userType: 'talker', passwordHash: 'h2' })
    expect(revived?.id).toBe(ann.id)
    expect(await s.users.find(ann.id)).toMatchObject({ passwordHash: 'h2', active: true, tokenVersion: 3 })
    const pct = await user(s, '100%_sure')
    const bob = await user(s, 'bob')
    expect((await s.users.searchDirectory(bob.id, '%', 10)).map((u) => u.id)).toEqual([pct.id])
    expect((await s.users.searchDirectory(bob.id, 'EXAMPLE', 10)).map((u) => u.full_name)).toEqual(['100%_sure', 'Ann B'])
    expect(await s.users.existingActive([ann.id, bob.id, 999])).toEqual(new Set([ann.id, bob.id]))
    await s.users.remove(bob.id)
    expect(await s.users.activeTokenVersions([ann.id, bob.id, 999])).toEqual(new Map([[ann.id, 3]]))
    expect(await s.users.find(999)).toBeNull()
  })

  it('conversations: participants, previews, unread counts, list order', async () => {
    const { s, ann, bob, cat, chat } = await setup()
    expect(await s.conversations.findDirect(`${ann.id}:${bob.id}`)).toBe(chat)
    expect(await s.conversations.findDirect('nope')).toBeNull()
    const group = await s.conversations.create([cat.id, ann.id, ann.id], 'Group', null)
    expect(await s.conversations.isParticipant(chat, bob.id)).toBe(true)
    expect(await s.conversations.isParticipant(chat, cat.id)).toBe(false)
    expect(await s.conversations.participantIds(group)).toEqual([ann.id, cat.id])
    expect((await s.conversations.participants(chat)).map((u) => u.email)).toEqual(['ann@example.test', 'bob@example.test'])
    expect([...(await s.conversations.participantsForUser(ann.id)).keys()].sort()).toEqual([chat, group].sort())
    expect(await s.conversations.lastMessageId(chat)).toBeNull()
    expect(await s.conversations.summary(chat, ann.id)).toMatchObject({ id: chat, last_content: null, last_deleted: 0, unread_count: 0 })
    // The group is newer, until the 1:1 gets a message.
    expect((await s.conversations.listForUser(ann.id)).map((c) => c.id)).toEqual([group, chat])
    const first = await s.chat.post(text(chat, bob, 'hello'))
    await s.chat.post(text(chat, bob, 'again'))
    expect((await s.conversations.listForUser(ann.id)).map((c) => c.id)).toEqual([chat, group])
    const summary = await s.conversations.summary(chat, ann.id)
    expect(summary).toMatchObject({ title: '', last_content: 'again', last_type: 'text', last_sender_id: bob.id, last_deleted: 0, unread_count: 2 })
    expect(typeof summary?.unread_count).toBe('number')
    expect(await s.conversations.unreadCount(chat, ann.id)).toBe(2)
    expect(await s.conversations.unreadCount(chat, bob.id)).toBe(0)
    expect(await s.conversations.lastMessageId(chat)).toBe(first.message.id + 1)
    const read = await s.chat.markRead(chat, ann)
    expect(read).toEqual({ kind: 'read', conversationId: chat, reader: ann, marked: 2 })
    expect((await s.chat.markRead(chat, ann)).marked).toBe(0)
    expect(await s.conversations.unreadCount(chat, ann.id)).toBe(0)
    expect((await s.messages.get(first.message.id))?.isRead).toBe(true)
  })

  it('posts: stored as returned, history pages, exactly once per (sender, client_id)', async () => {
    const { s, ann, bob, chat } = await setup()
    const posted = await s.chat.post(text(chat, ann, 'one', { clientId: 'c1' }))
    expect(posted.created).toBe(true)
    expect(await s.messages.get(posted.message.id)).toEqual(posted.message)
    const again = await s.chat.post(text(chat, ann, 'one (resent)', { clientId: 'c1' }))
    expect(again).toEqual({ kind: 'message', message: posted.message, created: false })
    // Another sender may use the same client id.
    expect((await s.chat.post(text(chat, bob, 'two', { clientId: 'c1' }))).created).toBe(true)
    for (let i = 3; i <= 6; i += 1) await s.chat.post(text(chat, bob, `m${i}`))
    expect(await s.messages.findByClientId(ann.id, 'c1')).toEqual(posted.message)
    expect(await s.messages.findByClientId(ann.id, 'c2')).toBeNull()
    const all = await s.messages.history(chat, null, 50)
    expect(all.map((m) => m.content)).toEqual(['one', 'two', 'm3', 'm4', 'm5', 'm6'])
    expect((await s.messages.history(chat, null, 2)).map((m) => m.content)).toEqual(['m5', 'm6'])
    expect((await s.messages.history(chat, all[3]?.id ?? 0, 2)).map((m) => m.content)).toEqual(['two', 'm3'])
    expect((await s.messages.around(chat, all[3]?.id ?? 0, 4)).map((m) => m.content)).toEqual(['m3', 'm4', 'm5', 'm6'])
    expect(posted.message.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('posts: replies and mentions follow the rules, files have owners', async () => {
    const { s, ann, bob, cat, chat } = await setup()
    const other = await s.conversations.create([ann.id, cat.id], '', null)
    const elsewhere = await s.chat.post(text(other, ann, 'elsewhere'))
    await expect(s.chat.post(text(chat, ann, 'r', { replyTo: elsewhere.message.id }))).rejects.toThrow(ChatRefusal)
    await expect(s.chat.post(text(chat, ann, 'r', { replyTo: 99999 }))).rejects.toThrow('reply_to must be a message of this conversation')
    const file = await s.chat.post(text(chat, bob, 'caption', {
      attachment: { storedPath: 'chat_files/2026/01/01/ab_doc.pdf', filename: 'doc.pdf', size: 1234, mimeType: 'application/pdf', uploadedAt: '2026-01-01T00:00:00.000Z' },
    }))
    expect(file.message).toMatchObject({ messageType: 'file', attachment: { filename: 'doc.pdf', size: 1234 } })
    expect(await s.messages.get(file.message.id)).toEqual(file.message)
    expect(await s.messages.attachmentOwner('chat_files/2026/01/01/ab_doc.pdf')).toEqual({ conversationId: chat, filename: 'doc.pdf' })
    expect(await s.messages.attachmentOwner('nope')).toBeNull()
    const reply = await s.chat.post(text(chat, ann, 'answer', { replyTo: file.message.id, mentions: [cat.id, bob.id, bob.id, ann.id] }))
    expect(reply.message.replyTo).toEqual({ id: file.message.id, sender: bob, content: 'caption', filename: 'doc.pdf', deleted: false })
    expect(reply.message.mentions).toEqual([bob.id, ann.id])
    expect(await s.messages.get(reply.message.id)).toEqual(reply.message)
    await s.chat.act({ conversationId: chat, actor: bob, messageId: file.message.id, clientId: null, action: { kind: 'delete' } })
    await expect(s.chat.post(text(chat, ann, 'late', { replyTo: file.message.id }))).rejects.toThrow('You cannot reply to a deleted message')
    expect((await s.messages.get(reply.message.id))?.replyTo).toMatchObject({ deleted: true, content: '', filename: null })
  })

  it('a batch: outcomes in order before anyone hears back, a failing item rejected alone', async () => {
    const { s, ann, chat } = await setup()
    const batches: CommitOutcome[][] = []
    const order: string[] = []
    s.chat.onCommitted((outcomes) => { batches.push([...outcomes]); order.push('committed') })
    const writes = [
      s.chat.post(text(chat, ann, 'a')),
      s.chat.post(text(999_999, ann, 'no such conversation')),
      s.chat.post(text(chat, ann, 'b', { replyTo: 424_242 })),
      s.chat.post(text(chat, ann, 'c')),
      s.chat.markRead(chat, ann),
    ]
    writes.forEach((w, i) => { w.then(() => order.push(`resolved ${i}`), () => order.push(`rejected ${i}`)) })
    const settled = await Promise.allSettled(writes)
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled'])
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(ChatRefusal)
    expect((settled[1] as PromiseRejectedResult).reason).not.toBeInstanceOf(ChatRefusal)
    expect(batches).toHaveLength(1)
    expect(batches[0]?.map((o) => (o.kind === 'message' ? o.message.content : o.kind))).toEqual(['a', 'c', 'read'])
    expect(order[0]).toBe('committed')
    expect((await s.messages.history(chat, null, 10)).map((m) => m.content)).toEqual(['a', 'c'])
    await s.chat.drained()
  })

  it('pipelines: writes submitted while a batch commits become the next batch, together', async () => {
    const { s, ann, chat } = await setup()
    const sizes: number[] = []
    s.chat.onCommitted((outcomes) => sizes.push(outcomes.length))
    const first = s.chat.post(text(chat, ann, 'first'))
    // The first batch has left (setImmediate) and is committing.
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
    const rest = Array.from({ length: 20 }, (_, i) => s.chat.post(text(chat, ann, `next ${i}`)))
    await Promise.all([first, ...rest])
    expect(sizes).toEqual([1, 20])
  })

  it('a batch of plain posts: a client_id twice in it stored once, a failing post rejected alone, every preview set', async () => {
    const { s, ann, bob, chat } = await setup()
    const group = await s.conversations.create([ann.id, bob.id], 'group', null)
    const committed: CommitOutcome[] = []
    s.chat.onCommitted((outcomes) => committed.push(...outcomes))
    const writes = [
      s.chat.post(text(chat, ann, 'one', { clientId: 'x' })),
      s.chat.post(text(group, bob, 'two')),
      s.chat.post(text(chat, ann, 'one again', { clientId: 'x' })),
      s.chat.post(text(chat, bob, 'three')),
    ]
    const [one, two, again, three] = await Promise.all(writes)
    expect(one?.created).toBe(true)
    expect(again).toEqual({ kind: 'message', message: one?.message, created: false })
    expect(committed.map((o) => (o.kind === 'message' ? [o.message.content, o.created] : o.kind))).toEqual(
      [['one', true], ['two', true], ['one', false], ['three', true]])
    for (const outcome of [one, two, three]) expect(await s.messages.get(outcome?.message.id ?? 0)).toEqual(outcome?.message)
    expect(await s.conversations.lastMessageId(chat)).toBe(three?.message.id)
    expect(await s.conversations.lastMessageId(group)).toBe(two?.message.id)
    const mixed = await Promise.allSettled([
      s.chat.post(text(chat, ann, 'four')),
      s.chat.post(text(123_456, ann, 'nowhere')),
      s.chat.post(text(group, ann, 'five')),
    ])
    expect(mixed.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await s.messages.history(chat, null, 1))[0]?.content).toBe('four')
    expect((await s.conversations.summary(group, bob.id))?.last_content).toBe('five')
  })

  it('actions: edit, delete, react, exactly once per (actor, client_id), refusals', async () => {
    const { s, ann, bob, cat, chat } = await setup()
    const m = (await s.chat.post(text(chat, ann, 'original'))).message
    const act = (actor: User, action: Parameters<Storage['chat']['act']>[0]['action'], clientId: string | null = null) =>
      s.chat.act({ conversationId: chat, actor, messageId: m.id, clientId, action })
    await expect(act(bob, { kind: 'edit', content: 'hijack', mentions: null })).rejects.toThrow('You can only edit your own messages')
    await expect(act(ann, { kind: 'edit', content: '  ', mentions: null })).rejects.toThrow('Message content is required')
    await expect(s.chat.act({ conversationId: chat + 1000, actor: ann, messageId: m.id, clientId: null, action: { kind: 'delete' } })).rejects.toThrow('Message not found')
    const edited = await act(ann, { kind: 'edit', content: 'edited', mentions: [bob.id, cat.id] }, 'e1')
    expect(edited).toMatchObject({ kind: 'update', changed: true, previewChanged: true, clientId: 'e1', removedFile: null })
    expect(edited.message).toMatchObject({ content: 'edited', mentions: [bob.id] })
    expect(edited.message.editedAt).not.toBeNull()
    expect(edited.message.revision).toBeGreaterThan(0)
    const resent = await act(ann, { kind: 'edit', content: 'edited twice', mentions: null }, 'e1')
    expect(resent).toMatchObject({ changed: false, message: { content: 'edited' } })
    const reacted = await act(bob, { kind: 'react', emoji: '👍', on: true }, 'r1')
    expect(reacted).toMatchObject({ changed: true, previewChanged: false })
    await act(ann, { kind: 'react', emoji: '👍', on: true })
    await act(bob, { kind: 'react', emoji: '🎉', on: true })
    expect((await act(bob, { kind: 'react', emoji: '👍', on: true })).changed).toBe(false)
    expect((await s.messages.get(m.id))?.reactions).toEqual([{ emoji: '👍', userIds: [bob.id, ann.id] }, { emoji: '🎉', userIds: [bob.id] }])
    const off = await act(bob, { kind: 'react', emoji: '🎉', on: false })
    expect(off.changed).toBe(true)
    expect((await act(bob, { kind: 'react', emoji: '🎉', on: false })).changed).toBe(false)
    for (let i = 1; i < 20; i += 1) await act(cat, { kind: 'react', emoji: `e${i}`, on: true })
    await act(cat, { kind: 'react', emoji: 'e20', on: true })
    await expect(act(cat, { kind: 'react', emoji: 'e21', on: true })).rejects.toThrow('Too many reactions')
    expect((await s.messages.get(m.id))?.reactions.filter((r) => r.userIds.includes(cat.id))).toHaveLength(20)
    const changes = await s.messages.changes(chat, 0, 100)
    expect(changes.map((c) => c.id)).toEqual([m.id])
    expect(await s.messages.newestRevision(chat)).toBe(changes[0]?.revision)
    expect(await s.messages.changes(chat, changes[0]?.revision ?? 0, 10)).toEqual([])
    await expect(act(bob, { kind: 'delete' })).rejects.toThrow('You can only delete your own messages')
    const deleted = await act(ann, { kind: 'delete' }, 'd1')
    expect(deleted).toMatchObject({ changed: true, previewChanged: true, message: { deleted: true, content: '', reactions: [], mentions: [] } })
    expect((await act(ann, { kind: 'delete' })).changed).toBe(false)
    await expect(act(bob, { kind: 'react', emoji: '👍', on: true })).rejects.toThrow('This message was deleted')
    await expect(act(ann, { kind: 'edit', content: 'x', mentions: null })).rejects.toThrow('This message was deleted')
    expect((await s.conversations.summary(chat, bob.id))?.last_deleted).toBe(1)
  })

  it('deleting a file message drops its file row and names the file to remove', async () => {
    const { s, ann, chat } = await setup()
    const file = (await s.chat.post(text(chat, ann, '', {
      attachment: { storedPath: 'chat_files/x.bin', filename: 'x.bin', size: 5, mimeType: 'application/octet-stream', uploadedAt: '2026-01-01T00:00:00.000Z' },
    }))).message
    const later = (await s.chat.post(text(chat, ann, 'later'))).message
    const deleted = await s.chat.act({ conversationId: chat, actor: ann, messageId: file.id, clientId: null, action: { kind: 'delete' } })
    expect(deleted).toMatchObject({ changed: true, previewChanged: false, removedFile: 'chat_files/x.bin', message: { attachment: null, messageType: 'text' } })
    expect(await s.messages.attachmentOwner('chat_files/x.bin')).toBeNull()
    expect(later.id).toBeGreaterThan(file.id)
  })

  it('search: every word, the last as a prefix, folded, literal, newest first, only where the user takes part', async () => {
    const { s, ann, bob, cat, chat } = await setup()
    const other = await s.conversations.create([bob.id, cat.id], '', null)
    const cafe = (await s.chat.post(text(chat, ann, 'Meet at the Café Noir?'))).message
    const late = (await s.chat.post(text(chat, bob, 'the cafe is CLOSED'))).message
    const hidden = (await s.chat.post(text(other, cat, 'cafe secret'))).message
    const op = (await s.chat.post(text(chat, ann, "it's a & b | !c <-> d:*"))).message
    const file = (await s.chat.post(text(chat, ann, '', {
      attachment: { storedPath: 'p/Résumé.pdf', filename: 'Résumé.pdf', size: 1, mimeType: 'application/pdf', uploadedAt: '2026-01-01T00:00:00.000Z' },
    }))).message
    const find = (q: string, extra: { userId?: number; conversationId?: number | null; before?: number | null } = {}) =>
      s.search.search({ userId: extra.userId ?? ann.id, terms: searchTerms(q), conversationId: extra.conversationId ?? null, before: extra.before ?? null, limit: 10 })
    expect(await find('cafe')).toEqual([late.id, cafe.id])
    expect(await find('CAFÉ')).toEqual([late.id, cafe.id])
    expect(await find('café no')).toEqual([cafe.id])
    expect(await find('caf')).toEqual([late.id, cafe.id])
    expect(await find('ca noir')).toEqual([])
    expect(await find('cafe', { userId: bob.id })).toEqual([hidden.id, late.id, cafe.id])
    expect(await find('cafe', { userId: bob.id, conversationId: other })).toEqual([hidden.id])
    expect(await find('cafe', { before: late.id })).toEqual([cafe.id])
    expect(await find('resume')).toEqual([file.id])
    expect(await find('a & b')).toEqual([op.id])
    expect(await find('d:*')).toEqual([op.id])
    expect(await find("it's")).toEqual([op.id])
    expect(await s.search.search({ userId: ann.id, terms: ["'", '\\', '&', 'x:*|'], conversationId: null, before: null, limit: 10 })).toEqual([])
    await s.chat.act({ conversationId: chat, actor: bob, messageId: late.id, clientId: null, action: { kind: 'edit', content: 'gone', mentions: null } })
    await s.chat.act({ conversationId: chat, actor: ann, messageId: cafe.id, clientId: null, action: { kind: 'delete' } })
    expect(await find('cafe')).toEqual([])
    expect(await find('gone')).toEqual([late.id])
  })

  it('sessions: rotate is compare-and-set, revocation, expired ones go', async () => {
    const s = await fresh()
    const ann = await user(s, 'ann')
    const base = { userId: ann.id, createdAt: '2026-01-01T00:00:00.000Z' }
    await s.sessions.create({ ...base, id: 'old', refreshJti: 'j0', expiresAt: 100 }, 50)
    await s.sessions.create({ ...base, id: 's1', refreshJti: 'j1', expiresAt: 1000 }, 200)
    expect(await s.sessions.get('old')).toBeNull()
    expect(await s.sessions.get('s1')).toEqual({ id: 's1', userId: ann.id, refreshJti: 'j1', revoked: false })
    expect(await s.sessions.rotate('s1', 'j1', 'j2', 2000)).toBe(true)
    expect(await s.sessions.rotate('s1', 'j1', 'j3', 2000)).toBe(false)
    await s.sessions.create({ ...base, id: 's2', refreshJti: 'k', expiresAt: 1000 }, 200)
    await s.sessions.revoke('s1', '2026-01-02T00:00:00.000Z')
    expect(await s.sessions.get('s1')).toMatchObject({ refreshJti: 'j2', revoked: true })
    expect(await s.sessions.rotate('s1', 'j2', 'j4', 3000)).toBe(false)
    expect(await s.sessions.revokedAmong(['s1', 's2', 'nope'])).toEqual(new Set(['s1']))
  })

  it('invites: one registration each, case and dashes ignored', async () => {
    const s = await fresh()
    const invite = await s.invites.create()
    expect(invite.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    const second = await s.invites.create()
    expect(await s.invites.claim(invite.code.toLowerCase().replaceAll('-', ' '))).toBe('claimed')
    expect(await s.invites.claim(invite.code)).toBe('used')
    expect(await s.invites.claim('AAAA-BBBB-CCCC')).toBe('unknown')
    const ann = await user(s, 'ann')
    await s.invites.recordUser(invite.code, ann.id)
    expect(await s.invites.revoke(invite.code)).toBe(false)
    const listed = await s.invites.list()
    expect(listed.find((i) => i.code === invite.code)).toMatchObject({ usedBy: 'ann@example.test' })
    expect(listed.map((i) => i.code).sort()).toEqual([invite.code, second.code].sort())
    expect(await s.invites.revoke(second.code)).toBe(true)
    expect((await s.invites.list()).map((i) => i.code)).toEqual([invite.code])
  })

  it('invites: two registrations racing for one new email spend one code; the other is given back', async () => {
    const s = await fresh()
    const policy = new RegistrationPolicy(s, 'invite')
    const [first, second] = [await s.invites.create(), await s.invites.create()]
    const create = () => s.users.create({ email: 'new@example.test', fullName: 'New', userType: 'talker', passwordHash: 'h' })
    // Both pass the "email not taken" check before either writes (two nodes at once).
    let release!: () => void
    const bothChecked = new Promise<void>((resolve) => { release = resolve })
    let checked = 0
    const meet = async () => {
      checked += 1
      if (checked === 2) release()
      await bothChecked
      return create()
    }
    const results = await Promise.all([policy.admit('new@example.test', first.code, meet), policy.admit('new@example.test', second.code, meet)])
    expect(results.filter((u) => u !== null)).toHaveLength(1)
    const listed = await s.invites.list()
    expect(listed.filter((i) => i.usedAt !== null)).toHaveLength(1)
    const unused = listed.find((i) => i.usedAt === null)
    expect(unused).toBeDefined()
    // A failed write gives the code back too.
    await expect(policy.admit('other@example.test', unused?.code, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full')
    const other = await policy.admit('other@example.test', unused?.code, () =>
      s.users.create({ email: 'other@example.test', fullName: 'Other', userType: 'talker', passwordHash: 'h' }))
    expect(other?.email).toBe('other@example.test')
    expect((await s.invites.list()).every((i) => i.usedAt !== null && i.usedBy !== null)).toBe(true)
  })

  it('uploads: insert, progress, stale, delete', async () => {
    const { s, ann, chat } = await setup()
    const input = { id: 'u1', userId: ann.id, conversationId: chat, clientId: 'c1', filename: 'a.bin', size: 10, content: 'cap', replyTo: null, mentions: [ann.id] }
    const stored = await s.uploads.insert(input, '2026-01-01T00:00:00.000Z')
    expect(await s.uploads.get('u1')).toEqual(stored)
    expect(await s.uploads.findByClientId(ann.id, 'c1')).toEqual(stored)
    await s.uploads.setReceived('u1', 5, '2026-01-03T00:00:00.000Z')
    expect(await s.uploads.get('u1')).toMatchObject({ received: 5, updatedAt: '2026-01-03T00:00:00.000Z', mentions: [ann.id] })
    await s.uploads.insert({ ...input, id: 'u2', clientId: 'c2' }, '2026-01-01T00:00:00.000Z')
    expect(await s.uploads.countForUser(ann.id)).toBe(2)
    expect((await s.uploads.staleSince('2026-01-02T00:00:00.000Z')).map((u) => u.id)).toEqual(['u2'])
    expect(await s.uploads.allIds()).toEqual(new Set(['u1', 'u2']))
    await s.uploads.delete('u2')
    expect(await s.uploads.allIds()).toEqual(new Set(['u1']))
    expect(await s.uploads.get('u2')).toBeNull()
  })
})
