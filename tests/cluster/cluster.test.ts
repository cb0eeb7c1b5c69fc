// A three-node cluster over real sockets: three server processes (the real CLI) on one
// PostgreSQL, one Redis and one shared folder. People on three different nodes exchange
// messages, typing, receipts, edits and files; list sockets hear of other nodes' changes;
// a resend reaching another node is stored once; a reconnect to another node fills the gap;
// a node killed with SIGKILL in the middle of a burst loses and duplicates nothing that
// was acknowledged.
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message, User } from '../../src-shared/protocol/types'
import { TestSocket, type Frame } from '../server/helpers'
import { startCluster, type ClusterNode, type TestCluster } from './nodes'

let cluster: TestCluster
const sockets: TestSocket[] = []

beforeAll(async () => { cluster = await startCluster(3) }, 180_000)
afterAll(async () => {
  for (const socket of sockets) socket.ws.terminate()
  await cluster?.stop()
}, 60_000)

interface Person {
  user: User
  access: string
  email: string
}

let people = 0
/** Registers on `node` (tokens signed there must work on every node: one shared secret). */
async function person(node: ClusterNode, name: string): Promise<Person> {
  people += 1
  const email = `${name}${people}@example.com`
  const res = await node.request<{ user: User; tokens: { access: string } }>('/api/auth/register/', {
    method: 'POST', body: { email, password: `password-${name}`, full_name: name },
  })
  expect(res.status).toBe(201)
  return { user: res.body.user, access: res.body.tokens.access, email }
}

async function open(url: string): Promise<TestSocket> {
  const socket = new TestSocket(url)
  sockets.push(socket)
  await socket.opened
  await socket.next('connection_established', 10_000)
  return socket
}

const chat = (node: ClusterNode, id: number, who: Person) => open(`${node.wsUrl}/ws/chat/${id}/?token=${encodeURIComponent(who.access)}&ext=edit`)
const list = (node: ClusterNode, who: Person) => open(`${node.wsUrl}/ws/conversations/?token=${encodeURIComponent(who.access)}`)

async function conversation(node: ClusterNode, creator: Person, ...others: Person[]): Promise<number> {
  const res = await node.request<{ id: number }>('/api/chat/conversations/', {
    method: 'POST', token: creator.access, body: { participant_ids: others.map((o) => o.user.id), title: 'Cluster' },
  })
  expect(res.status).toBe(201)
  return res.body.id
}

async function history(node: ClusterNode, id: number, who: Person): Promise<Message[]> {
  const res = await node.request<Message[]>(`/api/chat/conversations/${id}/messages/?limit=500`, { token: who.access })
  expect(res.status).toBe(200)
  return res.body
}

/** Ada registered on node 0, Bob on node 1, and their conversation. */
async function adaAndBob() {
  const nodes = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode]
  const ada = await person(nodes[0], 'ada')
  const bob = await person(nodes[1], 'bob')
  return { nodes, ada, bob, id: await conversation(nodes[0], ada, bob) }
}

/** `parley users …` on the cluster's database, from no node at all. */
function usersCommand(...args: string[]): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/server/cli.ts', 'users', ...args, '--database', cluster.databaseUrl,
    '--data', `${cluster.sharedDir}-cli`], { encoding: 'utf8', timeout: 60_000 })
  expect(run.status, run.stderr).toBe(0)
  return run.stdout
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

describe('a three-node cluster', () => {
  it('lets people on three nodes exchange messages, typing, receipts, edits and files, and updates their lists', async () => {
    const [n0, n1, n2] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode]
    const ada = await person(n0, 'ada')
    const bob = await person(n1, 'bob')
    const cy = await person(n2, 'cy')
    const bobList = await list(n1, bob)
    const id = await conversation(n0, ada, bob, cy)
    expect(((await bobList.next('conversation_updated', 10_000)).conversation as { id: number }).id).toBe(id)

    const [a, b, c] = [await chat(n0, id, ada), await chat(n1, id, bob), await chat(n2, id, cy)]
    a.send({ type: 'chat_message', message: 'hello from node 0', client_id: 'a-1' })
    const seen = await Promise.all([a, b, c].map((s) => s.next<Message>('message', 10_000)))
    expect(seen.map((m) => [m.content, m.sender.id])).toEqual(Array(3).fill(['hello from node 0', ada.user.id]))
    expect(new Set(seen.map((m) => m.id)).size).toBe(1)
    const update = await bobList.next('conversation_updated', 10_000)
    expect((update.message as Message).content).toBe('hello from node 0')
    expect((update.conversation as { unread_count: number }).unread_count).toBe(1)

    b.send({ type: 'typing', is_typing: true })
    for (const s of [a, c]) expect(await s.next('typing', 10_000)).toMatchObject({ user_id: bob.user.id, is_typing: true })
    c.send({ type: 'mark_read' })
    for (const s of [a, b]) expect(await s.next('read_receipt', 10_000)).toMatchObject({ user_id: cy.user.id })

    const bytes = Buffer.from('a file stored by node 1, fetched from the others')
    b.send({ type: 'file_message', filename: 'note.txt', file: bytes.toString('base64'), client_id: 'b-file' })
    const [, , fileOnC] = await Promise.all([a, b, c].map((s) => s.next<Message>('message', 10_000)))
    const fileUrl = new URL(fileOnC?.file_attachment?.file_url ?? '')
    expect(fileUrl.origin).toBe(new URL(n2.url).origin) // serialized on node 2, for its own client
    for (const node of [n2, n0]) { // signed with the one shared secret: good on every node
      const res = await fetch(`${node.url}${fileUrl.pathname}${fileUrl.search}`)
      expect(res.status).toBe(200)
      expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes)
    }

    a.send({ type: 'edit_message', message_id: seen[0]?.id, message: 'hello, edited on node 0', client_id: 'a-edit' })
    for (const s of [b, c]) expect(((await s.next('message_updated', 10_000)).message as Message).content).toBe('hello, edited on node 0')

    await settle()
    // Nothing twice, and no typing or receipt back to its own sender.
    expect(b.pending().filter((f) => f.type === 'typing')).toEqual([])
    expect(c.pending().filter((f) => f.type === 'read_receipt')).toEqual([])
    for (const s of [a, b, c]) expect(s.pending().filter((f) => f.type === undefined)).toEqual([])
  })

  it('takes accounts from `users add --database`, and a removal signs them out on every node', async () => {
    const [n0, n1, n2] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode]
    usersCommand('add', '--email', 'dee@example.com', '--name', 'Dee', '--password', 'password-dee')
    const signedIn = await n1.request<{ tokens: { access: string } }>('/api/auth/login/', {
      method: 'POST', body: { email: 'dee@example.com', password: 'password-dee' },
    })
    expect(signedIn.status).toBe(200)
    const dee = { access: signedIn.body.tokens.access } as Person
    const lists = [await list(n0, dee), await list(n2, dee)]
    usersCommand('remove', '--email', 'dee@example.com')
    for (const socket of lists) expect(await socket.closed).toEqual({ code: 4001, reason: 'Session ended: sign in again' })
    expect((await n2.request('/api/auth/profile/', { token: dee.access })).status).toBe(401)
  })

  it('stores a resend that reaches another node once, and answers it with the stored message', async () => {
    const { nodes: [n0, n1, n2], ada, bob, id } = await adaAndBob()
    const b = await chat(n2, id, bob)
    const first = await chat(n0, id, ada)
    first.send({ type: 'chat_message', message: 'once', client_id: 'resent-1' })
    const stored = await first.next<Message>('message', 10_000)
    await first.close()
    const again = await chat(n1, id, ada)
    again.send({ type: 'chat_message', message: 'once', client_id: 'resent-1' })
    expect(await again.next<Message>('message', 10_000)).toMatchObject({ id: stored.id, client_id: 'resent-1' })
    expect((await b.next<Message>('message', 10_000)).id).toBe(stored.id)
    await settle()
    expect(b.pending().filter((f) => f.type === undefined)).toEqual([])
    expect((await history(n2, id, bob)).filter((m) => m.client_id === 'resent-1')).toHaveLength(1)
  })

  it('fills the gap after a reconnect to another node', async () => {
    const { nodes: [n0, n1, n2], ada, bob, id } = await adaAndBob()
    const a = await chat(n0, id, ada)
    const b = await chat(n1, id, bob)
    a.send({ type: 'chat_message', message: 'before', client_id: 'g-0' })
    const last = await b.next<Message>('message', 10_000)
    await b.close()
    for (let i = 1; i <= 3; i += 1) a.send({ type: 'chat_message', message: `while away ${i}`, client_id: `g-${i}` })
    for (let i = 1; i <= 3; i += 1) await a.next('message', 10_000)
    const back = await chat(n2, id, bob)
    const missed = (await history(n2, id, bob)).filter((m) => m.id > last.id)
    expect(missed.map((m) => m.content)).toEqual(['while away 1', 'while away 2', 'while away 3'])
    a.send({ type: 'chat_message', message: 'live again', client_id: 'g-4' })
    expect((await back.next<Message>('message', 10_000)).content).toBe('live again')
  })

  it('loses and duplicates nothing acknowledged when a node is killed in the middle of a burst', async () => {
    const [n0, n1, victim] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode]
    const ada = await person(n0, 'ada')
    const cy = await person(victim, 'cy')
    const id = await conversation(n0, ada, cy)

    // Ada, on a node that survives: every message of cy she is shown, live or by gap fill.
    const shown = new Map<number, Message>()
    let shownLiveTwice = 0
    const watchLive = (socket: TestSocket): void => {
      socket.ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as Message & { type?: string }
        if (frame.type !== undefined || frame.sender?.id !== cy.user.id) return
        if (shown.has(frame.id)) shownLiveTwice += 1
        shown.set(frame.id, frame)
      })
    }
    const a = await chat(n1, id, ada)
    watchLive(a)

    // Cy's client, on the node about to die: a burst, each message acknowledged by its echo.
    const keys = Array.from({ length: 150 }, (_, i) => `burst-${i}`)
    const acknowledged = new Set<string>()
    const c = await chat(victim, id, cy)
    let killed: Promise<void> | null = null
    c.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame
      if (frame.type === undefined && typeof frame.client_id === 'string') acknowledged.add(frame.client_id)
      if (acknowledged.size >= 30) killed ??= victim.kill()
    })
    for (const key of keys) {
      if (killed) break
      c.send({ type: 'chat_message', message: key, client_id: key })
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await killed
    await c.closed
    expect(victim.alive).toBe(false)
    expect(acknowledged.size).toBeLessThan(keys.length) // killed in the middle, not after

    // The surviving nodes hear the victim was lost: it may have committed messages it never
    // published, so their sockets close with 1013 and their clients fill the gap.
    expect((await a.closed).code).toBe(1013)
    for (const node of [n0, n1]) {
      while (!node.logs().includes('cluster: a node stopped without leaving')) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const a2 = await chat(n0, id, ada)
    watchLive(a2)
    for (const message of await history(n0, id, ada)) if (message.sender.id === cy.user.id) shown.set(message.id, message)

    // Cy's client reconnects to another node and resends, in order, all it holds unacknowledged.
    const unacknowledged = keys.filter((k) => !acknowledged.has(k))
    const c2 = await chat(n0, id, cy)
    for (const key of unacknowledged) c2.send({ type: 'chat_message', message: key, client_id: key })
    const answered = new Set<string>()
    while (answered.size < unacknowledged.length) {
      const frame = await c2.next<Message>('message', 15_000)
      if (frame.client_id) answered.add(frame.client_id)
    }
    await settle()

    // Stored: every message exactly once, in the order sent, whatever node stored it.
    const stored = (await history(n1, id, ada)).filter((m) => m.sender.id === cy.user.id)
    expect(stored.map((m) => m.client_id)).toEqual(keys)
    // Shown to ada: every one, none twice.
    expect([...shown.values()].map((m) => m.client_id).sort()).toEqual([...keys].sort())
    expect(shownLiveTwice).toBe(0)
  }, 120_000)
})
