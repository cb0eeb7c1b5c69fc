// The bus between nodes over a real redis-server: events reach the other node in the order
// they were sent, the origin delivers at once and never twice, hostile envelopes are
// dropped with a log line and the node keeps working, and a Redis outage is visible in the
// logs and ends in a gap signal once Redis is back.
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LOGIN_THROTTLE } from '../../src-main/server/auth/login-throttle'
import { LocalBus, type BusEvent } from '../../src-main/server/cluster/bus'
import { joinCluster, type Cluster } from '../../src-main/server/cluster/cluster'
import { decodeEnvelope, encodeEnvelopes, MAX_RECEIVED_BYTES } from '../../src-main/server/cluster/envelope'
import { BUS_CHANNEL } from '../../src-main/server/cluster/redis-bus'
import { startRedis, type RedisInstance } from '../support/redis'
import { record, recordingLogger, until } from './support'

let redis: RedisInstance
const open: Cluster[] = []

beforeAll(async () => { redis = await startRedis() })
afterAll(async () => { await redis.close() })
afterEach(async () => {
  await Promise.all(open.splice(0).map((node) => node.close()))
})

async function node(name: string) {
  const events: BusEvent[] = []
  const logger = recordingLogger()
  const cluster = await joinCluster({ url: redis.url, throttle: DEFAULT_LOGIN_THROTTLE, log: logger.log, nodeId: name })
  open.push(cluster)
  const bus = await cluster.openBus((event) => void events.push(event))
  return { bus, events, ...logger }
}

describe('RedisBus', () => {
  it('delivers at once on the origin, then on the other node in commit order, never back to the origin', async () => {
    const a = await node('a')
    const b = await node('b')
    const sent: BusEvent[] = [
      { kind: 'messages', records: [record(1), record(2, { conversationId: 2 })] },
      { kind: 'message-updated', record: record(1, { content: 'edited', editedAt: '2026-12-01T10:01:00.000Z', revision: 3 }), clientId: 'edit-1' },
      { kind: 'typing', conversationId: 1, userId: 1, userEmail: 'ada@example.com', isTyping: true },
      { kind: 'read-receipt', conversationId: 1, userId: 2 },
      { kind: 'conversation', conversationId: 3, latest: null },
      { kind: 'conversation', conversationId: 1, latest: record(2) },
    ]
    for (let i = 3; i < 200; i += 1) sent.push({ kind: 'messages', records: [record(i)] })
    for (const event of sent) a.bus.send(event)
    expect(a.events).toEqual(sent) // synchronously, before any Redis round trip
    await until(() => b.events.length >= sent.length, 10_000, 'b to receive everything')
    expect(b.events).toEqual(sent)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(a.events).toHaveLength(sent.length) // its own envelopes came back and were skipped
  })

  it('splits a batch past the publish size into envelopes that arrive whole and in order', async () => {
    const a = await node('a')
    const b = await node('b')
    const records = Array.from({ length: 40 }, (_, i) => record(i + 1, { content: 'x'.repeat(60_000) }))
    const texts = encodeEnvelopes('a', { kind: 'messages', records })
    expect(texts.length).toBeGreaterThan(1)
    a.bus.send({ kind: 'messages', records })
    await until(() => b.events.flatMap((e) => (e.kind === 'messages' ? e.records : [])).length === 40, 10_000, 'all records')
    expect(b.events.flatMap((e) => (e.kind === 'messages' ? e.records.map((r) => r.id) : []))).toEqual(records.map((r) => r.id))
  })

  it('drops hostile envelopes with a log line and keeps delivering', async () => {
    const b = await node('b')
    const raw = new Redis(redis.url)
    try {
      const valid = JSON.parse(encodeEnvelopes('x', { kind: 'read-receipt', conversationId: 1, userId: 2 })[0] as string) as Record<string, unknown>
      const hostile: (string | Buffer)[] = [
        'not json',
        '[1,2,3]',
        '"text"',
        '{}',
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        JSON.stringify({ ...valid, v: 2 }),
        JSON.stringify({ ...valid, event: { kind: 'read-receipt', conversationId: '1', userId: 2 } }),
        JSON.stringify({ ...valid, event: { kind: 'read-receipt', conversationId: -1, userId: 2 } }),
        JSON.stringify({ ...valid, event: { kind: 'shutdown' } }),
        JSON.stringify({ ...valid, event: { kind: 'messages', records: [] } }),
        JSON.stringify({ ...valid, event: { kind: 'messages', records: [{ ...record(1), sender: null }] } }),
        JSON.stringify({ ...valid, event: { kind: 'messages', records: [{ ...record(1), messageType: 'script' }] } }),
        JSON.stringify({ ...valid, event: { kind: 'typing', conversationId: 1, userId: 1, userEmail: 'e', isTyping: 'yes' } }),
        '{"v":1,"node":"x","event":{"kind":"conversation","conversationId":1,"latest":null,"__proto__":{"polluted":true}},"__proto__":{"polluted":true}}',
        Buffer.alloc(MAX_RECEIVED_BYTES + 1, 0x20),
        Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
      ]
      for (const message of hostile) await raw.publish(BUS_CHANNEL, message)
      await raw.publish(BUS_CHANNEL, JSON.stringify(valid))
      await until(() => b.events.length >= 2, 10_000, 'the valid envelope after the hostile ones')
      // Only the valid one, and the prototype-polluting one, cleaned of its extra keys.
      expect(b.events).toEqual([
        { kind: 'conversation', conversationId: 1, latest: null },
        { kind: 'read-receipt', conversationId: 1, userId: 2 },
      ])
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(b.said('bus: invalid envelope dropped')).toBe(true)
    } finally {
      raw.disconnect()
    }
  })

  it('logs a failing delivery and keeps going', async () => {
    const a = await node('a')
    const logger = recordingLogger()
    const received: BusEvent[] = []
    const b = await joinCluster({ url: redis.url, throttle: DEFAULT_LOGIN_THROTTLE, log: logger.log, nodeId: 'b' })
    open.push(b)
    await b.openBus((event) => {
      if (event.kind === 'typing') throw new Error('socket gone')
      received.push(event)
    })
    a.bus.send({ kind: 'typing', conversationId: 1, userId: 1, userEmail: 'ada@example.com', isTyping: true })
    a.bus.send({ kind: 'read-receipt', conversationId: 1, userId: 1 })
    await until(() => received.length === 1, 10_000, 'the event after the failing one')
    expect(logger.said('bus: delivering an envelope failed')).toBe(true)
  })

  it('rejects decoding of every malformed shape without throwing', () => {
    expect(decodeEnvelope(Buffer.from('{"v":1}'))).toMatchObject({ ok: false })
    expect(decodeEnvelope(Buffer.from('null'))).toEqual({ ok: false, reason: 'not an object' })
  })

  it('a Redis outage: said in the logs, local delivery goes on, and the gap is signalled when Redis is back', async () => {
    const a = await node('a')
    const b = await node('b')
    let gaps = 0
    b.bus.onGap(() => { gaps += 1 })
    await redis.stop()
    await until(() => a.said('redis connection lost') && b.said('redis connection lost'), 10_000, 'the outage in the logs')
    a.bus.send({ kind: 'read-receipt', conversationId: 1, userId: 1 })
    expect(a.events).toHaveLength(1) // this node's sockets still hear it
    await redis.start()
    await until(() => gaps === 1, 15_000, 'the gap signal')
    expect(b.said('redis connection back')).toBe(true)
    await until(() => a.said('bus: envelopes not published while Redis was unreachable'), 10_000, 'the dropped count')
    // Resubscribed by itself: delivery between the nodes works again.
    await until(async () => {
      a.bus.send({ kind: 'typing', conversationId: 1, userId: 1, userEmail: 'ada@example.com', isTyping: false })
      await new Promise((resolve) => setTimeout(resolve, 100))
      return b.events.some((event) => event.kind === 'typing')
    }, 15_000, 'delivery after the outage')
    expect(b.events.some((event) => event.kind === 'read-receipt')).toBe(false) // sent during the outage: gone, hence the gap
  })
})

describe('LocalBus', () => {
  it('is a function call: delivered at once, nothing encoded', () => {
    const events: BusEvent[] = []
    const bus = new LocalBus((event) => void events.push(event))
    const event: BusEvent = { kind: 'messages', records: [record(1)] }
    bus.send(event)
    expect(events[0]).toBe(event)
  })
})
