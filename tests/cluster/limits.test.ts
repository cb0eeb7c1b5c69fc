// Cluster-wide limits over a real redis-server: the sign-in throttle counts guesses made on
// two nodes together, the sockets-per-user limit holds across nodes (also when both admit
// at once), a killed node's sockets stop counting within its liveness expiry, and a node
// writes its counts again when Redis comes back empty.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleConfig } from '../../src-main/server/auth/login-throttle'
import { NodeLiveness } from '../../src-main/server/cluster/node-liveness'
import { openRedis, type RedisLink } from '../../src-main/server/cluster/redis-connection'
import { delayTable, RedisThrottleStore } from '../../src-main/server/cluster/redis-throttle-store'
import { RedisSocketTally } from '../../src-main/server/cluster/socket-tally'
import { startRedis, type RedisInstance } from '../support/redis'
import { recordingLogger, until } from './support'

let redis: RedisInstance
const links: RedisLink[] = []
const livenesses: NodeLiveness[] = []

beforeAll(async () => { redis = await startRedis() })
afterAll(async () => { await redis.close() })
afterEach(async () => {
  await Promise.all(livenesses.splice(0).map((l) => l.stop()))
  await Promise.all(links.splice(0).map((link) => link.close()))
  const flush = await openRedis(redis.url, 'test', 'test', recordingLogger().log)
  await flush.client.flushall()
  await flush.close()
})

async function link(name: string, log = recordingLogger().log): Promise<RedisLink> {
  const opened = await openRedis(redis.url, 'publisher', name, log)
  links.push(opened)
  return opened
}

const config: LoginThrottleConfig = {
  ...DEFAULT_LOGIN_THROTTLE,
  account: { free: 3, baseMs: 1000, maxMs: 8000 },
  address: { ...DEFAULT_LOGIN_THROTTLE.address, free: 5 },
  holdRefusalMs: 0,
}

describe('sign-in throttle across nodes', () => {
  async function throttles(now: () => number): Promise<[LoginThrottle, LoginThrottle]> {
    const throttle = async (name: string) => {
      const logger = recordingLogger()
      return new LoginThrottle(config, now, new RedisThrottleStore(await link(name, logger.log), config, logger.log))
    }
    return [await throttle('a'), await throttle('b')]
  }

  it('doubles the wait whichever node the guesses reach, as one server does', async () => {
    let now = 1_000_000
    const [a, b] = await throttles(() => now)
    const waits: number[] = []
    for (let i = 0; i < 3 + 6; i += 1) {
      const node = i % 2 === 0 ? a : b
      let decision = await node.attempt('ada@example.com', `10.0.0.${i}`)
      if (!decision.ok) {
        waits.push(decision.retryAfterSeconds)
        now += decision.retryAfterSeconds * 1000
        decision = await (i % 2 === 0 ? b : a).attempt('ada@example.com', `10.0.0.${i}`)
      }
      expect(decision.ok).toBe(true)
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8])
  })

  it('charges simultaneous attempts on two nodes one after another', async () => {
    const [a, b] = await throttles(() => 1_000_000)
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).attempt('ada@example.com', `10.0.1.${i}`)))
    expect(decisions.filter((d) => d.ok)).toHaveLength(config.account.free)
  })

  it('the owner signing in on one node clears the account on the other', async () => {
    const [a, b] = await throttles(() => 1_000_000)
    for (let i = 0; i < 2; i += 1) await a.attempt('ada@example.com', '10.0.2.1')
    const owner = await b.attempt('ADA@example.com ', '10.0.2.2')
    expect(owner.ok).toBe(true)
    if (owner.ok) await owner.succeeded()
    for (let i = 0; i < config.account.free; i += 1) expect((await a.attempt('ada@example.com', `10.0.3.${i}`)).ok).toBe(true)
    expect((await a.attempt('ada@example.com', '10.0.3.9')).ok).toBe(false)
  })

  it('counts on the node alone while Redis is down, and says so', async () => {
    const logger = recordingLogger()
    const store = new RedisThrottleStore(await link('a', logger.log), config, logger.log)
    const throttle = new LoginThrottle(config, () => 1_000_000, store)
    await redis.stop()
    try {
      const decisions = []
      for (let i = 0; i < 5; i += 1) decisions.push(await throttle.attempt('ada@example.com', '10.0.4.1'))
      expect(decisions.map((d) => d.ok)).toEqual([true, true, true, false, false])
      expect(logger.said('sign-in throttle: Redis unavailable, counting on this node only')).toBe(true)
    } finally {
      await redis.start()
    }
  })

  it('hands the script the waits of the one doubling rule', () => {
    expect(delayTable(config.account)).toEqual([0, 0, 1000, 2000, 4000, 8000])
  })
})

describe('sockets per user across nodes', () => {
  // Fast liveness where a test waits for an expiry; steady where a stalled test process
  // (a loaded machine) must not see a node expire mid-test.
  const fast = { heartbeatMs: 100, ttlMs: 600 }
  const steady = { heartbeatMs: 1_000, ttlMs: 30_000 }

  async function tally(name: string, timings = fast) {
    const logger = recordingLogger()
    const opened = await link(name, logger.log)
    const liveness = new NodeLiveness(opened, name, timings, logger.log)
    await liveness.start()
    livenesses.push(liveness)
    return { tally: new RedisSocketTally(opened, liveness, logger.log), link: opened, liveness, ...logger }
  }

  it('holds the limit over two nodes, and a released place can be taken elsewhere', async () => {
    const a = await tally('a', steady)
    const b = await tally('b', steady)
    expect(await a.tally.reserve(7, 3)).toBe(true)
    expect(await a.tally.reserve(7, 3)).toBe(true)
    expect(await b.tally.reserve(7, 3)).toBe(true)
    expect(await b.tally.reserve(7, 3)).toBe(false)
    expect(await a.tally.reserve(7, 3)).toBe(false)
    expect(await b.tally.reserve(8, 3)).toBe(true) // another user has places of their own
    await a.tally.release(7) // (on another connection than b's: unawaited, b's script may run first)
    expect(await b.tally.reserve(7, 3)).toBe(true)
    expect(await a.tally.count(7)).toBe(3)
  })

  it('gives the last places to exactly the limit when both nodes admit at once', async () => {
    const a = await tally('a', steady)
    const b = await tally('b', steady)
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).tally.reserve(9, 5)))
    expect(results.filter(Boolean)).toHaveLength(5)
  })

  it('forgets the sockets of a node that stops heartbeating, within its expiry', async () => {
    const a = await tally('a')
    const b = await tally('b')
    for (let i = 0; i < 3; i += 1) expect(await a.tally.reserve(7, 3)).toBe(true)
    expect(await b.tally.reserve(7, 3)).toBe(false)
    a.link.client.disconnect() // a killed node: no goodbye, no more heartbeats
    const stoppedAt = Date.now()
    await until(async () => (await b.tally.count(7)) === 0, 5_000, 'a\'s sockets to stop counting')
    expect(Date.now() - stoppedAt).toBeLessThan(fast.ttlMs + 1_000)
    expect(await b.tally.reserve(7, 3)).toBe(true)
  })

  it('reports a node killed outright as lost, once, and a node that left cleanly not at all', async () => {
    const a = await tally('a')
    const b = await tally('b')
    const c = await tally('c')
    const lost: string[] = []
    b.liveness.onNodeLost((id) => lost.push(id))
    await c.liveness.stop()
    a.link.client.disconnect()
    await until(() => lost.length > 0, 5_000, 'a reported lost')
    await new Promise((resolve) => setTimeout(resolve, 3 * fast.heartbeatMs))
    expect(lost).toEqual([a.liveness.currentId])
    expect(b.said('cluster: a node stopped without leaving')).toBe(true)
  })

  it('a clean stop frees the node\'s places at once', async () => {
    const a = await tally('a')
    const b = await tally('b')
    expect(await a.tally.reserve(7, 1)).toBe(true)
    await a.liveness.stop()
    expect(await b.tally.reserve(7, 1)).toBe(true)
  })

  it('writes its counts again under a new incarnation when Redis comes back empty', async () => {
    const a = await tally('a')
    for (let i = 0; i < 2; i += 1) expect(await a.tally.reserve(7, 10)).toBe(true)
    expect(await a.tally.reserve(8, 10)).toBe(true)
    await a.tally.release(8)
    const before = a.liveness.currentId
    await redis.stop()
    expect(await a.tally.reserve(7, 10)).toBe(true) // Redis away: this node's own count decides
    await redis.start()
    await until(() => a.liveness.currentId !== before, 10_000, 'a new incarnation')
    const b = await tally('b')
    await until(async () => (await b.tally.count(7)) === 3, 5_000, 'a\'s counts written again')
    expect(await b.tally.count(8)).toBe(0)
    expect(a.said('cluster: node state written again under a new incarnation')).toBe(true)
  })
})
