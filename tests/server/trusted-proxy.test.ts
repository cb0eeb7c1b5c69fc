// A reverse proxy named with --trusted-proxy: its X-Forwarded-For decides whose address a
// failed sign-in counts against, and its X-Forwarded-Proto the scheme of the links the
// server writes. From anyone else both headers are ignored: a client must not pick the
// address it is throttled as (nor lock somebody else's out), nor the scheme of links.
// A real server over real sockets; the proxy is a chosen loopback address.
import { afterEach, describe, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import { DEFAULT_LOGIN_THROTTLE } from '../../src-main/server/auth/login-throttle'
import { loginFrom, openSocket, startPair, startTestServer, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)

const PROXY = '127.0.7.1'
/** Two failures per address are free; no hold, so refusals answer at once. */
const throttle = { address: { ...DEFAULT_LOGIN_THROTTLE.address, free: 2 }, holdRefusalMs: 0 }
const via = (client: string) => ({ 'x-forwarded-for': client })

describe('the sign-in throttle behind a proxy', () => {
  it('counts each client behind a trusted proxy as its own address', async () => {
    const t = await startTestServer({ trustedProxies: [PROXY], loginThrottle: throttle })
    const ada = await t.addUser('ada')
    const guesses = []
    for (let i = 0; i < 3; i += 1) guesses.push((await loginFrom(t, PROXY, `nobody${i}@example.com`, 'guess', via('203.0.113.9'))).status)
    expect(guesses).toEqual([401, 401, 429])
    // Ada behind the same proxy is not the guesser; a forged entry left of the proxy's own changes nothing.
    expect((await loginFrom(t, PROXY, ada.email, ada.password, via('198.51.100.4'))).status).toBe(200)
    expect((await loginFrom(t, PROXY, 'nobody9@example.com', 'guess', via('198.51.100.4, 203.0.113.9'))).status).toBe(429)
  })

  it('ignores X-Forwarded-For from anyone but a trusted proxy', async () => {
    const t = await startTestServer({ trustedProxies: [PROXY], loginThrottle: throttle })
    const statuses = []
    // One client rotating the header it sends: still one address.
    for (let i = 0; i < 3; i += 1) statuses.push((await loginFrom(t, '127.0.7.2', `nobody${i}@example.com`, 'guess', via(`203.0.113.${i + 1}`))).status)
    expect(statuses).toEqual([401, 401, 429])
    // Nor can it have somebody else's address counted: 203.0.113.1 through the proxy is still free.
    expect((await loginFrom(t, PROXY, 'nobody5@example.com', 'guess', via('203.0.113.1'))).status).toBe(401)
  })

  it('refuses a trusted proxy that is not an IP address', async () => {
    await expect(startTestServer({ trustedProxies: ['proxy.example.org'] })).rejects.toThrow('Trusted proxy "proxy.example.org" is not an IP address')
  })
})

describe('the scheme of links behind a proxy', () => {
  async function fileUrlSeenWith(trustedProxies: string[]): Promise<string> {
    const { t, ada, id } = await startPair({ trustedProxies })
    const socket = openSocket(`${t.wsUrl}/ws/chat/${id}/?token=${encodeURIComponent(ada.access)}`, { 'x-forwarded-proto': 'https' })
    await socket.next('connection_established')
    socket.send({ type: 'file_message', filename: 'notes.txt', file: Buffer.from('hello').toString('base64'), message: '' })
    return (await socket.next<Message>('message')).file_attachment?.file_url ?? ''
  }

  it('writes https links for a client a trusted proxy says came over https', async () => {
    const url = await fileUrlSeenWith(['127.0.0.1'])
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/media\//)
  })

  it('keeps its own scheme when anyone else says so', async () => {
    const url = await fileUrlSeenWith([PROXY])
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\//)
  })
})
