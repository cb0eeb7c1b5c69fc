// GET /api/parley/search/ over a real server (docs/protocol.md "Search"): folding, prefix,
// file names, edits and deletions, access control, paging, snippets and bad queries.
import { afterEach, describe, expect, it } from 'vitest'
import type { Message, SearchResponse } from '../../src-shared/protocol/types'
import { startPair, stopAllTestServers, type TestServer, type TestSocket, type TestUser } from './helpers'

afterEach(stopAllTestServers)

async function post(socket: TestSocket, frame: Record<string, unknown>): Promise<Message> {
  socket.send({ type: 'chat_message', ...frame })
  for (;;) {
    const message = await socket.next<Message>('message')
    if (message.content === (frame.message ?? '')) return message
  }
}

async function search(t: TestServer, user: TestUser, query: string) {
  return t.request<SearchResponse>(`/api/parley/search/?${query}`, { token: user.access })
}

async function ids(t: TestServer, user: TestUser, q: string, extra = ''): Promise<number[]> {
  const res = await search(t, user, `q=${encodeURIComponent(q)}${extra}`)
  expect(res.status).toBe(200)
  return res.body.results.map((r) => r.message.id)
}

describe('search', () => {
  it('folds case and accents, matches every word with the last as a prefix, finds file names, newest first', async () => {
    const { t, ada, bob, id } = await startPair()
    const a = await t.connect(id, ada)
    const cafe = await post(a, { message: 'Meet at the Café Crème tomorrow' })
    const resume = await post(a, { message: 'my résumé is attached' })
    const both = await post(a, { message: 'cafe and resume together' })
    a.send({ type: 'file_message', filename: 'Quarterly-Report_2026.pdf', file: Buffer.from('%PDF').toString('base64') })
    const file = await a.next<Message>('message')
    expect(await ids(t, bob, 'cafe')).toEqual([both.id, cafe.id])
    expect(await ids(t, bob, 'CAFÉ')).toEqual([both.id, cafe.id])
    expect(await ids(t, bob, 'creme caf')).toEqual([cafe.id]) // all words, the last a prefix
    expect(await ids(t, bob, 'resu')).toEqual([both.id, resume.id])
    expect(await ids(t, bob, 'quarterly rep')).toEqual([file.id])
    expect(await ids(t, bob, 'cafe report')).toEqual([])
    const hit = (await search(t, bob, 'q=cafe%20creme')).body.results[0]
    expect(hit?.snippet).toBe('Meet at the Café Crème tomorrow')
    expect(hit?.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(['Café', 'Crème'])
    const fileHit = (await search(t, bob, 'q=quarterly')).body.results[0]
    expect(fileHit?.snippet).toBe('Quarterly-Report_2026.pdf')
    expect(fileHit?.highlights).toEqual([[0, 9]])
  })

  it('reads operators and quotes as plain words, and cuts long texts around the match without splitting characters', async () => {
    const { t, ada, bob, id } = await startPair()
    const a = await t.connect(id, ada)
    const ops = await post(a, { message: 'cats AND dogs OR "birds" NOT fish' })
    for (const q of ['AND', 'dogs OR', '"birds"', 'NOT fish', 'cats*', '(cats dogs)', 'birds:', '^cats', 'cats -fish']) {
      const res = await search(t, bob, `q=${encodeURIComponent(q)}`)
      expect([q, res.status]).toEqual([q, 200])
      expect(res.body.results.map((r) => r.message.id)).toEqual([ops.id])
    }
    // The index's conversation column is never searched: "c<id>" finds no message by its conversation.
    expect((await search(t, bob, `q=c${id}`)).body.results).toEqual([])
    const long = `${'😀 filler '.repeat(40)}needle <b>bold</b> ${'more words '.repeat(40)}`
    await post(a, { message: long })
    const hit = (await search(t, bob, 'q=needle')).body.results[0]
    expect(hit?.snippet.startsWith('…')).toBe(true)
    expect(hit?.snippet.endsWith('…')).toBe(true)
    expect(hit?.snippet.length).toBeLessThanOrEqual(162)
    expect(hit?.snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    expect(hit?.snippet).toContain('<b>bold</b>') // text, never markup the server made
    expect(hit?.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(['needle'])
  })

  it('finds edits by their new text, never deleted messages, only in the asker\'s conversations', async () => {
    const { t, ada, bob, id } = await startPair()
    const carol = await t.addUser('carol')
    const a = await t.connect(id, ada, 'ext=edit')
    const m = await post(a, { message: 'original wording' })
    const gone = await post(a, { message: 'secret wording' })
    a.send({ type: 'edit_message', message_id: m.id, message: 'revised wording' })
    await a.next('message_updated')
    a.send({ type: 'delete_message', message_id: gone.id })
    await a.next('message_updated')
    expect(await ids(t, bob, 'original')).toEqual([])
    expect(await ids(t, bob, 'revised')).toEqual([m.id])
    expect(await ids(t, bob, 'secret')).toEqual([])
    expect(await ids(t, bob, 'wording')).toEqual([m.id])
    const other = await t.conversation(carol, ada)
    const c = await t.connect(other, carol)
    const private_ = await post(c, { message: 'wording between carol and ada' })
    expect(await ids(t, bob, 'wording')).toEqual([m.id])
    expect(await ids(t, ada, 'wording')).toEqual([private_.id, m.id])
    expect(await ids(t, ada, 'wording', `&conversation=${id}`)).toEqual([m.id])
    expect((await search(t, bob, `q=wording&conversation=${other}`))).toMatchObject({ status: 404, body: { detail: 'Not found.' } })
    expect((await search(t, bob, 'q=wording&conversation=abc')).status).toBe(404)
  })

  it('pages newest first with before and has_more, serializes with the declared ext', async () => {
    const { t, ada, bob, id } = await startPair()
    const a = await t.connect(id, ada)
    const sent: number[] = []
    for (let i = 0; i < 7; i += 1) sent.push((await post(a, { message: `page item ${i}` })).id)
    const first = await search(t, bob, 'q=item&limit=3&ext=edit,reactions')
    expect(first.body.results.map((r) => r.message.id)).toEqual(sent.slice(4).reverse())
    expect(first.body.has_more).toBe(true)
    expect(first.body.results[0]?.message).toMatchObject({ edited_at: null, reactions: [], revision: 0 })
    expect(first.body.results[0]?.message).not.toHaveProperty('deleted')
    const last = first.body.results.at(-1)?.message.id
    const second = await search(t, bob, `q=item&limit=3&before=${last}`)
    expect(second.body.results.map((r) => r.message.id)).toEqual(sent.slice(1, 4).reverse())
    const third = await search(t, bob, `q=item&limit=3&before=${sent[1]}`)
    expect(third.body).toMatchObject({ has_more: false })
    expect(third.body.results.map((r) => r.message.id)).toEqual([sent[0]])
    expect(Object.keys(third.body.results[0]?.message ?? {})).not.toContain('revision')
  })

  it('refuses empty, punctuation-only, over-long and malformed queries with the documented errors', async () => {
    const { t, bob } = await startPair()
    for (const q of ['', '%20%20', encodeURIComponent('"*()-:^'), encodeURIComponent('\u0301\u0308'), 'x'.repeat(201)]) {
      const res = await search(t, bob, `q=${q}`)
      expect(res.status).toBe(400)
      expect(Object.keys(res.body as object)).toEqual(['q'])
    }
    expect((await search(t, bob, '')).status).toBe(400)
    expect((await search(t, bob, 'q=a&limit=0'))).toMatchObject({ status: 400, body: { limit: ['A valid integer is required.'] } })
    expect((await search(t, bob, 'q=a&before=-1'))).toMatchObject({ status: 400, body: { before: ['A valid integer is required.'] } })
    expect((await t.request('/api/parley/search/?q=a')).status).toBe(401)
  })
})
