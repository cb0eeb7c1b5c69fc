// What a socket hears while its greeting (connection_established) is still being read from
// the storage: held, then sent behind the greeting in order; and bounded, so a storage that
// stalls while chat goes on closes the socket with 1013 instead of holding without end.
// Real sockets: a ws server on a free port and a ws client.
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { NO_EXT } from '../../src-main/server/chat/message-ext'
import { ClientConnection } from '../../src-main/server/realtime/connection'
import { recordingLogger } from '../cluster/support'

const ADA = { id: 1, email: 'ada@example.com', user_type: 'user', full_name: 'Ada' } as const
const servers: WebSocketServer[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate()
    await new Promise((resolve) => server.close(resolve))
  }
})

/** A server-side ClientConnection held until greeted, and the client reading it. */
async function heldPair(slowReaderBytes: number) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  servers.push(server)
  await once(server, 'listening')
  const logger = recordingLogger()
  const accepted = once(server, 'connection') as Promise<[WebSocket]>
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
  const received: string[] = []
  client.on('message', (data) => received.push(String(data)))
  const closed = new Promise<number>((resolve) => client.on('close', (code) => resolve(code)))
  const [ws] = await accepted
  const connection = new ClientConnection(ws, ADA, 'chat', 1, 'http://127.0.0.1', { slowReaderBytes, extensions: true, log: logger.log },
    { userId: ADA.id, sessionId: 's', version: 1 }, NO_EXT)
  connection.holdUntilGreeted()
  return { connection, received, closed, logger }
}

describe('a socket being greeted', () => {
  it('gets what was broadcast meanwhile behind its greeting, in order', async () => {
    const { connection, received } = await heldPair(64 * 1024)
    expect(connection.send({ type: 'message', n: 1 })).toBe(true)
    expect(connection.send('{"type":"message","n":2}')).toBe(true)
    expect(received).toEqual([])
    connection.greet({ type: 'connection_established' })
    await expect.poll(() => received.length).toBe(3)
    expect(received.map((text) => (JSON.parse(text) as { type: string; n?: number }).n ?? 'greeting')).toEqual(['greeting', 1, 2])
  })

  it('is closed with 1013 once more than the slow-reader bound waits, and greeting it later sends nothing', async () => {
    const { connection, received, closed, logger } = await heldPair(4 * 1024)
    const frame = JSON.stringify({ type: 'message', content: 'x'.repeat(1_000) })
    let accepted = 0
    while (connection.send(frame)) {
      accepted += 1
      if (accepted > 100) throw new Error('never refused')
    }
    expect(accepted).toBe(Math.floor((4 * 1024) / frame.length)) // every frame that fits, none after
    expect(await closed).toBe(1013)
    connection.greet({ type: 'connection_established' })
    expect(received).toEqual([])
    expect(logger.said('too much to hold')).toBe(true)
  })
})
