// DNS rebinding (issue 8 item 2): only Host values that name this server are answered, and
// browser pages of other origins cannot open its WebSockets. Desktop clients send no Origin.
import { request as httpRequest } from 'node:http'
import { hostname, networkInterfaces } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { parsePublicNames } from '../../src-main/server/cli/parse'
import { openSocket, startTestServer, stopAllTestServers, type TestServer } from './helpers'

afterEach(stopAllTestServers)

/** A raw request, so the Host header goes out exactly as written. */
function raw(t: TestServer, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { port } = new URL(t.url)
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port, path, method: payload ? 'POST' : 'GET',
      headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        let parsed: unknown = text
        try { parsed = JSON.parse(text) } catch { /* keep text */ }
        resolve({ status: res.statusCode ?? 0, body: parsed })
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** The HTTP status a WebSocket handshake got (101 when it opened). */
function handshake(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => {
      ws.terminate()
      resolve(101)
    })
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => undefined)
  })
}

describe('Host header', () => {
  it('refuses a login through a rebinding name with 421 and a clear detail; its own names work', async () => {
    const t = await startTestServer()
    const ada = await t.addUser('ada')
    const port = new URL(t.url).port
    const login = { email: ada.email, password: ada.password }
    const rebound = await raw(t, '/api/auth/login/', { Host: `rebind.attacker.example:${port}` }, login)
    expect(rebound.status).toBe(421)
    expect(rebound.body.detail).toMatch(/does not answer to the name "rebind\.attacker\.example:\d+".*--public-name/)
    expect(rebound.body.tokens).toBeUndefined()
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `${hostname()}:${port}`, `${hostname()}.local.`]) {
      expect((await raw(t, '/api/auth/login/', { Host: host }, login)).status, host).toBe(200)
    }
    expect((await raw(t, '/api/parley/info/', { Host: 'evil.example' })).status).toBe(421)
    expect((await raw(t, '/', { Host: 'evil.example' })).status).toBe(421)
    expect(await handshake(`${t.wsUrl}/ws/conversations/?token=${ada.access}`, { Host: 'evil.example' })).toBe(421)
  })

  it('answers a configured public name (a reverse proxy in front), and builds file URLs on it', async () => {
    const t = await startTestServer({ publicNames: ['chat.example.org'] })
    const ada = await t.addUser('ada')
    const res = await raw(t, '/api/auth/profile/', { Host: 'chat.example.org', Authorization: `Bearer ${ada.access}` })
    expect(res).toMatchObject({ status: 200, body: { email: ada.email } })
    expect((await raw(t, '/api/auth/profile/', { Host: 'other.example.org', Authorization: `Bearer ${ada.access}` })).status).toBe(421)
  })

  it('answers every interface address when listening on all of them', async () => {
    // Plain HTTP here (TLS has its own tests): the names answered are the same either way.
    const t = await startTestServer({ host: '0.0.0.0', tls: 'off' })
    const port = new URL(t.url).port
    const addresses = Object.values(networkInterfaces()).flat().filter((i) => i?.family === 'IPv4').map((i) => i?.address as string)
    expect(addresses.length).toBeGreaterThan(0)
    for (const address of addresses) expect((await raw(t, '/api/parley/info/', { Host: `${address}:${port}` })).status, address).toBe(200)
    expect((await raw(t, '/api/parley/info/', { Host: `203.0.113.9:${port}` })).status).toBe(421)
  })
})

describe('Origin on WebSocket upgrades', () => {
  it('lets same-host pages and clients without Origin connect, and refuses pages of other sites with 403', async () => {
    const t = await startTestServer()
    const ada = await t.addUser('ada')
    const url = `${t.wsUrl}/ws/conversations/?token=${ada.access}`
    const { host } = new URL(t.url)
    expect(await handshake(url, {})).toBe(101)
    expect(await handshake(url, { Origin: `http://${host}` })).toBe(101)
    expect(await handshake(url, { Origin: `http://localhost:${new URL(t.url).port}` })).toBe(101)
    expect(await handshake(url, { Origin: 'http://evil.example' })).toBe(403)
    expect(await handshake(url, { Origin: 'null' })).toBe(403)
    const refused = openSocket(url, { Origin: 'https://evil.example' })
    await expect(refused.opened).rejects.toThrow('HTTP 403')
  })
})

describe('--public-name', () => {
  it('takes repeated and comma-separated names, and refuses URLs and ports', () => {
    const once = parsePublicNames('chat.example.org, parley.lan', [])
    expect(parsePublicNames('[fd00::5]', once)).toEqual(['chat.example.org', 'parley.lan', '[fd00::5]'])
    for (const bad of ['https://chat.example.org', 'chat.example.org:443', 'a b']) expect(() => parsePublicNames(bad, [])).toThrow(/not a host name/)
  })
})
