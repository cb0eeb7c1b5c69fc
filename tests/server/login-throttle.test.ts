// Password guessing (issue 8 item 3) and password hashing that cannot starve delivery
// (item 4): throttled per account and per address with 429 + Retry-After and a doubling
// wait, bounded memory, the real user never locked out for long; scrypt one at a time.
import { afterEach, describe, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import { HashQueue, HashQueueFull, HASH_QUEUE_LENGTH } from '../../src-main/server/auth/hash-queue'
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, MemoryThrottleStore, type LoginThrottleConfig } from '../../src-main/server/auth/login-throttle'
import { loginFrom, startPair, startTestServer, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)

describe('LoginThrottle', () => {
  const config: LoginThrottleConfig = {
    account: { free: 3, baseMs: 1000, maxMs: 8000 },
    address: { free: 5, baseMs: 1000, maxMs: 60_000 },
    forgetAfterMs: 60_000,
    maxEntries: 100,
    holdRefusalMs: 0,
    maxHeld: 10,
  }

  it('holds refused sign-ins (a tarpit), but never more than maxHeld at once', async () => {
    const throttle = new LoginThrottle({ ...config, holdRefusalMs: 60_000, maxHeld: 2 })
    void throttle.holdRefusal()
    void throttle.holdRefusal()
    expect(throttle.held).toBe(2)
    // The third is answered at once: without the bound this await would take a minute.
    await throttle.holdRefusal()
    expect(throttle.held).toBe(2)
  })

  it('doubles the wait per failure past the free ones, and caps the account wait', async () => {
    let now = 0
    const throttle = new LoginThrottle(config, () => now)
    const waits: number[] = []
    for (let i = 0; i < 3 + 6; i += 1) {
      let decision = await throttle.attempt('ada@example.com', `10.0.0.${i}`) // a new address each time: only the account counts
      if (!decision.ok) {
        waits.push(decision.retryAfterSeconds)
        now += decision.retryAfterSeconds * 1000
        decision = await throttle.attempt('ada@example.com', `10.0.0.${i}`)
      }
      expect(decision.ok).toBe(true)
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8])
  })

  it('lets the owner in after at most the account cap while someone else keeps failing', async () => {
    let now = 0
    const throttle = new LoginThrottle(config, () => now)
    for (let i = 0; i < 200; i += 1) {
      const decision = await throttle.attempt('ada@example.com', `10.0.${i >> 8}.${i & 255}`)
      if (decision.ok === false) now += 500 // the attacker retries as fast as allowed from many addresses
    }
    const owner = await throttle.attempt('ada@example.com', '192.168.1.20')
    const wait = owner.ok ? 0 : owner.retryAfterSeconds
    expect(wait).toBeLessThanOrEqual(config.account.maxMs / 1000)
    now += wait * 1000
    const again = await throttle.attempt('ada@example.com', '192.168.1.20')
    expect(again.ok).toBe(true)
    if (again.ok) await again.succeeded()
    expect((await throttle.attempt('ada@example.com', '192.168.1.20')).ok).toBe(true)
  })

  it('keeps at most maxEntries keys however many accounts are sprayed', async () => {
    const store = new MemoryThrottleStore(config)
    const throttle = new LoginThrottle(config, () => 0, store)
    for (let i = 0; i < 10_000; i += 1) await throttle.attempt(`user${i}@example.com`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)
    expect(store.size).toEqual({ accounts: 100, addresses: 100 })
  })
})

describe('HashQueue', () => {
  it('runs one hash at a time, queues a bounded number and refuses the rest at once', async () => {
    const queue = new HashQueue(1, 3)
    let running = 0
    let most = 0
    const release: (() => void)[] = []
    const job = () => queue.run(async () => {
      running += 1
      most = Math.max(most, running)
      await new Promise<void>((resolve) => release.push(resolve))
      running -= 1
      return 'done'
    })
    const accepted = [job(), job(), job(), job()]
    await expect(job()).rejects.toBeInstanceOf(HashQueueFull)
    expect(queue.load).toEqual({ running: 1, waiting: 3 })
    while (release.length > 0 || queue.load.running > 0) {
      release.shift()?.()
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(await Promise.all(accepted)).toEqual(['done', 'done', 'done', 'done'])
    expect(most).toBe(1)
    expect(queue.load).toEqual({ running: 0, waiting: 0 })
  })
})

describe('sign-in over REST', () => {
  it('answers 429 with Retry-After after a few wrong passwords for one account, even with the right one', async () => {
    const t = await startTestServer({ loginThrottle: { account: { free: 3, baseMs: 1000, maxMs: 2000 } } })
    const ada = await t.addUser('ada')
    const statuses = []
    for (let i = 0; i < 3; i += 1) statuses.push((await loginFrom(t, `127.0.2.${i + 1}`, ada.email, 'wrong-password')).status)
    expect(statuses).toEqual([401, 401, 401])
    const throttled = await loginFrom(t, '127.0.3.1', ada.email, ada.password)
    expect(throttled).toMatchObject({ status: 429, retryAfter: '1', body: { detail: 'Request was throttled. Expected available in 1 second.' } })
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await loginFrom(t, '127.0.3.1', ada.email, ada.password)).status).toBe(200)
    expect((await loginFrom(t, '127.0.3.1', ada.email, 'wrong-again')).status).toBe(401) // a success started the account afresh
  })

  it('answers a throttled sign-in only after the hold, so ignoring Retry-After buys no speed', async () => {
    const t = await startTestServer({ loginThrottle: { address: { ...DEFAULT_LOGIN_THROTTLE.address, free: 1 }, holdRefusalMs: 400 } })
    expect((await loginFrom(t, '127.0.6.1', 'nobody@example.com', 'guess-password')).status).toBe(401)
    const started = performance.now()
    expect((await loginFrom(t, '127.0.6.1', 'nobody2@example.com', 'guess-password')).status).toBe(429)
    expect(performance.now() - started).toBeGreaterThanOrEqual(390)
  })

  it('throttles one address spraying many accounts, and not the others', async () => {
    // No hold here: the retries come at once, inside the wait.
    const t = await startTestServer({ loginThrottle: { address: { ...DEFAULT_LOGIN_THROTTLE.address, free: 5 }, holdRefusalMs: 0 } })
    const ada = await t.addUser('ada')
    const answers = []
    for (let i = 0; i < 7; i += 1) answers.push(await loginFrom(t, '127.0.4.1', `nobody${i}@example.com`, 'guess-password'))
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429])
    expect(Number(answers[6]?.retryAfter)).toBeGreaterThanOrEqual(1)
    expect((await loginFrom(t, '127.0.4.2', ada.email, ada.password)).status).toBe(200)
  })

  it('answers a storm of concurrent sign-ins past the hash queue with 503 + Retry-After, and chat keeps flowing', async () => {
    const { t, ada, id } = await startPair()
    const a = await t.connect(id, ada)
    // Distinct accounts and addresses: no throttle applies, only the hash queue.
    const storm = Array.from({ length: 60 }, (_, i) => loginFrom(t, `127.0.5.${i + 1}`, `guess${i}@example.com`, 'wrong-password'))
    a.send({ type: 'chat_message', message: 'during the storm' })
    expect((await a.next<Message>('message')).content).toBe('during the storm')
    const answers = await Promise.all(storm)
    const busy = answers.filter((r) => r.status === 503)
    expect(answers.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(HASH_QUEUE_LENGTH)
    expect(busy.length).toBeGreaterThan(0)
    expect(busy[0]).toMatchObject({ retryAfter: '1', body: { detail: expect.stringMatching(/busy/) } })
    expect(answers.every((r) => r.status === 401 || r.status === 503)).toBe(true)
  })
})
