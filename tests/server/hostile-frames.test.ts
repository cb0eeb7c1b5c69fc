// Frames from a hostile signed-in user: deep nesting, handlers that fail, and the rate
// limit charged for every frame (invalid JSON, unknown types, binary) — issue 8 items 1, 5.
import { afterEach, describe, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import type { ServerExtension } from '../../src-main/server/server'
import { MAX_REFUSED_IN_A_ROW, TOO_DEEP } from '../../src-main/server/realtime/chat-socket'
import { startPair, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)


describe('deeply nested frames', () => {
  it('answers the 20 KB nested-array frame with an error and keeps the socket and the process', async () => {
    const { t, ada, bob, id } = await startPair()
    const a = await t.connect(id, ada)
    const b = await t.connect(id, bob)
    a.sendRaw(`{"type":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)
    expect(await a.next('error')).toEqual({ type: 'error', message: TOO_DEEP })
    a.sendRaw(`{"type":"chat_message","message":"x","deep":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`)
    expect(await a.next('error')).toEqual({ type: 'error', message: TOO_DEEP })
    a.send({ type: 'chat_message', message: 'still alive' })
    expect((await b.next<Message>('message')).content).toBe('still alive')
  })

  it('answers a non-string type without walking it', async () => {
    const { t, ada, id } = await startPair()
    const a = await t.connect(id, ada)
    a.sendRaw(`{"type":${'['.repeat(30)}${']'.repeat(30)}}`)
    expect(await a.next('error')).toEqual({ type: 'error', message: 'Unknown message type: list' })
    a.send({ type: { nested: true } })
    expect(await a.next('error')).toEqual({ type: 'error', message: 'Unknown message type: dict' })
    a.send({ type: 42 })
    expect(await a.next('error')).toEqual({ type: 'error', message: 'Unknown message type: 42' })
  })

  it('still accepts brackets inside message text, however many', async () => {
    const { t, ada, id } = await startPair()
    const a = await t.connect(id, ada)
    const text = `${'['.repeat(5_000)} code ${'{'.repeat(100)}`
    a.send({ type: 'chat_message', message: text })
    expect((await a.next<Message>('message')).content).toBe(text)
  })
})

describe('a failing frame handler', () => {
  const failing: ServerExtension = {
    feature: 'test_failures',
    setup(api) {
      api.frames.text('throw_now', () => {
        throw new Error('sync failure')
      })
      api.frames.text('reject_later', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        throw new Error('async failure')
      })
    },
  }

  for (const type of ['throw_now', 'reject_later']) {
    it(`closes only that socket with 1011 (${type}) and the server keeps serving`, async () => {
      const { t, ada, bob, id } = await startPair({ extensions: [failing] })
      const a = await t.connect(id, ada)
      const b = await t.connect(id, bob)
      a.send({ type })
      expect(await a.closed).toEqual({ code: 1011, reason: 'Internal server error' })
      b.send({ type: 'chat_message', message: 'bob goes on' })
      expect((await b.next<Message>('message')).content).toBe('bob goes on')
      const again = await t.connect(id, ada)
      again.send({ type: 'chat_message', message: 'ada is back' })
      expect((await again.next<Message>('message')).content).toBe('ada is back')
    })
  }
})

describe('rate limit', () => {
  it('charges invalid JSON, unknown types and binary frames like messages', async () => {
    const { t, ada, id } = await startPair({ limits: { messagesPerSecond: 0.001, messageBurst: 4 } })
    const a = await t.connect(id, ada)
    a.sendRaw('not json')
    a.send({ type: 'dance' })
    a.sendRaw(Buffer.from([1, 2, 3]))
    a.send({ type: 'chat_message', message: 'fourth frame' })
    a.sendRaw('garbage past the limit')
    a.send({ type: 'dance' })
    a.send({ type: 'chat_message', message: 'past the limit', client_id: 'late' })
    const errors = []
    for (let i = 0; i < 6; i += 1) errors.push(await a.next('error'))
    expect(errors.map((e) => e.message)).toEqual([
      'Invalid JSON', 'Unknown message type: dance', 'Chunk frame is too short',
      'Rate limit exceeded', 'Rate limit exceeded', 'Rate limit exceeded',
    ])
    expect(errors[5]).toMatchObject({ client_id: 'late' })
    expect((await a.next<Message>('message')).content).toBe('fourth frame')
  })

  it('answers 20,000 invalid frames up to the burst plus MAX_REFUSED_IN_A_ROW, then closes the socket with 1008', async () => {
    const { t, ada, bob, id } = await startPair({ limits: { messagesPerSecond: 0.001, messageBurst: 10 } })
    const a = await t.connect(id, ada)
    for (let i = 0; i < 20_000; i += 1) a.sendRaw('{')
    for (let i = 0; i < 10; i += 1) expect(await a.next('error')).toEqual({ type: 'error', message: 'Invalid JSON' })
    for (let i = 0; i < MAX_REFUSED_IN_A_ROW; i += 1) expect(await a.next('error')).toEqual({ type: 'error', message: 'Rate limit exceeded' })
    expect(await a.closed).toEqual({ code: 1008, reason: 'Rate limit exceeded' })
    expect(a.pending()).toEqual([])
    const b = await t.connect(id, bob)
    b.send({ type: 'chat_message', message: 'the server is fine' })
    expect((await b.next<Message>('message')).content).toBe('the server is fine')
  })
})
