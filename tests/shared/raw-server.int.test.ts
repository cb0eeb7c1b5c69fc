// A hand-rolled server (node:http + ws) that speaks the deployed seed variants and sends
// garbage: the engine must turn the variants into the same events, drop the garbage, and
// keep its socket working.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer, type WebSocket } from 'ws'
import { isOpen, makeEngine, stopAllEngines, waitFor } from './engine-harness'

const user = (id: number) => ({ id, email: `u${id}@example.com`, user_type: 'talker', full_name: `User ${id}` })
const message = (id: number, content: string, sender = 2) => ({
  id, conversation: 1, sender: user(sender), content, message_type: 'text', is_read: false, created_at: `2026-01-14T10:00:0${id % 10}Z`, file_attachment: null,
})
const conversation = { id: 1, participants: [user(1), user(2)], other_user: user(2), title: '', last_message_at: null, last_message_preview: '', last_message_sender_id: null, unread_count: 0, created_at: '2026-01-14T09:00:00Z' }

let server: Server | null = null
let wss: WebSocketServer | null = null
afterEach(async () => {
  await stopAllEngines()
  for (const client of wss?.clients ?? []) client.terminate()
  wss?.close()
  const closing = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server?.closeAllConnections()
  await closing
  server = null
  wss = null
})

/** Seed-style REST plus a chat socket whose greeting script the test chooses. */
async function rawServer(onSocket: (ws: WebSocket, url: string) => void, closeCode?: number) {
  const sockets: WebSocket[] = []
  server = createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (req.url === '/api/auth/login/') return json(200, { message: 'ok', user: user(1), tokens: { access: 'a.b.c', refresh: 'r' } })
    if (req.url === '/api/chat/conversations/') return json(200, [conversation])
    // Consistent with the history frame below: what was there before the client came.
    if (req.url?.startsWith('/api/chat/conversations/1/messages/changes/')) return json(200, { messages: [], revision: 0, has_more: false })
    if (req.url?.startsWith('/api/chat/conversations/1/messages/')) return json(200, [message(10, 'older'), message(11, 'newer')])
    return json(404, { detail: 'Not found.' })
  })
  wss = new WebSocketServer({ server })
  wss.on('connection', (ws, req) => {
    sockets.push(ws)
    if (closeCode) return ws.close(closeCode)
    onSocket(ws, req.url ?? '')
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets }
}

describe('tolerance of deployed seed variants and bad frames', () => {
  it('drops malformed and unknown frames and keeps the socket working', async () => {
    const received: string[] = []
    const { url } = await rawServer((ws) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; message?: string }
        received.push(frame.type)
        // Seed echo: a bare Message with the text.
        if (frame.type === 'chat_message') ws.send(JSON.stringify(message(50, frame.message ?? '', 1)))
      })
      ws.send(JSON.stringify({ type: 'connection_established', message: 'Connected to chat' }))
      ws.send(JSON.stringify({ type: 'api_info', version: '2.0' }))
      ws.send('{"this is": not json')
      ws.send(Buffer.from([0, 1, 2]))
      ws.send(JSON.stringify({ id: 'seven', sender: null }))
      ws.send(JSON.stringify({ type: 'typing', user_id: 'bob' }))
      ws.send(JSON.stringify([1, 2, 3]))
      ws.send(JSON.stringify({ type: 'conversation_history', messages: [message(11, 'newer'), message(10, 'older')] }))
      ws.send(JSON.stringify({ type: 'new_message', latest_message: message(12, 'enveloped') }))
      ws.send(JSON.stringify(message(12, 'enveloped'))) // the same message again, bare
      ws.send(JSON.stringify(message(13, 'bare')))
    })
    const engine = makeEngine()
    await engine.client.signIn({ server: url, email: 'u1@example.com', password: 'x' })
    engine.client.setFocused(false) // no mark_read: the server should see exactly our one send
    engine.client.setViewing(1)
    await waitFor(() => engine.events.message.some((m) => m.content === 'bare'), 'the bare message')
    expect(engine.events.message.map((m) => m.id)).toEqual([12, 13])
    expect(isOpen(engine.events, 1)).toBe(true)

    const item = engine.client.sendText(1, 'still works')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent')
    expect(received).toEqual(['chat_message'])
  })

  it('settles an action only by an answer about its own target, and drops a malformed one', async () => {
    const urls: string[] = []
    const { url } = await rawServer((ws, path) => {
      urls.push(path)
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; client_id: string }
        if (frame.type !== 'react') return
        const answer = (message: unknown) => ws.send(JSON.stringify({ type: 'message_updated', message, client_id: frame.client_id }))
        answer({ ...message(99, 'another message'), revision: 2 }) // names our client_id, but not our target
        answer({ ...message(11, 'newer'), reactions: 'lots', revision: 3 }) // malformed
        setTimeout(() => answer({ ...message(11, 'newer'), reactions: [{ emoji: '👍', user_ids: [1] }], revision: 3 }), 300)
      })
      ws.send(JSON.stringify({ type: 'connection_established', server: 'parley', protocol: 1, user_id: 1, features: ['client_id', 'edit', 'reactions'] }))
    })
    const engine = makeEngine()
    await engine.client.signIn({ server: url, email: 'u1@example.com', password: 'x' }) // no info endpoint: features from the socket
    engine.client.setFocused(false)
    engine.client.setViewing(1)
    await waitFor(() => engine.client.session?.features.includes('reactions') === true && isOpen(engine.events, 1), 'features learned')
    await waitFor(() => urls.some((path) => path.includes('ext=edit%2Creactions')), 'the socket reopened declaring ext')

    const item = engine.client.react(1, 11, '👍', true)
    await waitFor(() => engine.events['message-updated'].some((m) => m.id === 99), 'the stray answer')
    expect(engine.client.outbox(1)).toMatchObject([{ clientId: item.clientId, state: 'sending' }])
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'sent'), 'sent')
    expect(engine.events['message-updated'].map((m) => [m.id, m.revision])).toEqual([[99, 2], [11, 3]])
  })

  it('treats close 4004 like 4404: stops retrying and fails queued items with a reason', async () => {
    const { url, sockets } = await rawServer(() => {}, 4004)
    const engine = makeEngine()
    await engine.client.signIn({ server: url, email: 'u1@example.com', password: 'x' })
    const item = engine.client.sendText(1, 'nobody will get this')
    await waitFor(() => engine.events['message-state'].some((s) => s.clientId === item.clientId && s.state === 'failed'), 'failed')
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(sockets).toHaveLength(1)
    expect(engine.events.connection.at(-1)).toMatchObject({ scope: 1, state: 'offline' })
  })

  it('maps REST failures to words: unreachable, not a chat server, wrong password', async () => {
    const engine = makeEngine()
    await expect(engine.client.signIn({ server: 'http://127.0.0.1:1', email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/Can't reach the server/) })
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>router</html>'))
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const html = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await expect(engine.client.signIn({ server: html, email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ code: 'server', message: expect.stringMatching(/isn't a Parley or compatible/) })
    expect(await engine.client.probeServer(html)).toMatchObject({ ok: false, kind: 'unknown' })
  })
})
