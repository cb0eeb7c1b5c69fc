/**
 * Test helpers for the embedded server (shared by every server-side test suite).
 *
 *   const t = await startTestServer({ registration: 'open' })   // temp dataDir, random port, silent logs
 *   const ada = await t.addUser('ada')          // created via admin, logged in via REST: ada.access, ada.user
 *   const bob = await t.addUser('bob')
 *   const id = await t.conversation(ada, bob)   // POST /api/chat/conversations/ as ada
 *   const { t, ada, bob, id } = await startPair() // all of the above in one call
 *   const s = await t.connect(id, ada)          // chat socket, open; connection_established already taken
 *   s.send({ type: 'chat_message', message: 'hi' })
 *   const msg = await s.next('message')         // next frame of that type ('message' = a bare Message)
 *   const res = await t.request('/api/auth/profile/', { token: ada.access })  // { status, body, headers }
 *   await t.restart()                           // close and start again on the same dataDir
 *   await t.stop()                              // or afterEach(stopAllTestServers)
 *
 * Frames are queued as they arrive; next(type) returns (and removes) the first queued
 * frame of that type, waiting up to `timeoutMs` for one. openSocket(url) gives the same
 * TestSocket for any URL (e.g. a bad token) and `closed` resolves with the close code.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket, type RawData } from 'ws'
import type { User } from '../../src-shared/protocol/types'
import { startParleyServer, type ParleyServerOptions, type RunningParleyServer } from '../../src-main/server/server'

export type Frame = Record<string, unknown> & { type?: string }

export interface TestUser {
  user: User
  email: string
  password: string
  access: string
  refresh: string
}

export interface RequestOptions {
  method?: string
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

export interface TestResponse<T = unknown> {
  status: number
  body: T
  headers: Headers
}

export class TestSocket {
  readonly ws: WebSocket
  readonly opened: Promise<void>
  readonly closed: Promise<{ code: number; reason: string }>
  private readonly queue: Frame[] = []
  private readonly binaryQueue: Buffer[] = []
  private readonly waiters: { type: string | undefined; resolve: (frame: Frame) => void }[] = []

  /** `tls`: e.g. `{ ca }` for a wss server with a self-signed certificate. */
  constructor(url: string, headers?: Record<string, string>, tls: { ca?: string } = {}) {
    this.ws = new WebSocket(url, { headers, ...tls })
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve())
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      this.ws.once('error', reject)
    })
    this.opened.catch(() => undefined)
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    })
    this.ws.on('error', () => undefined)
    this.ws.on('message', (data: RawData, isBinary) => {
      if (isBinary) return void this.binaryQueue.push(data as Buffer)
      const frame = JSON.parse(data.toString()) as Frame
      const index = this.waiters.findIndex((w) => matches(frame, w.type))
      if (index >= 0) this.waiters.splice(index, 1)[0]?.resolve(frame)
      else this.queue.push(frame)
    })
  }

  /** The next frame of `type` ('message' = a bare Message; undefined = any frame). */
  next<T = Frame>(type?: string, timeoutMs = 5000): Promise<T> {
    const index = this.queue.findIndex((f) => matches(f, type))
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0] as T)
    return new Promise<T>((resolve, reject) => {
      const waiter = { type, resolve: resolve as (frame: Frame) => void }
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(new Error(`No ${type ?? 'frame'} within ${timeoutMs} ms; queued: ${JSON.stringify(this.queue).slice(0, 500)}`))
      }, timeoutMs)
      waiter.resolve = (frame) => {
        clearTimeout(timer)
        resolve(frame as T)
      }
      this.waiters.push(waiter)
    })
  }

  /** Frames received and not yet taken by next(). */
  pending(): Frame[] {
    return [...this.queue]
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame))
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data)
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close()
    return this.closed
  }
}

function matches(frame: Frame, type: string | undefined): boolean {
  if (type === undefined) return true
  if (type === 'message') return frame.type === undefined && typeof frame.id === 'number'
  return frame.type === type
}

export function openSocket(url: string, headers?: Record<string, string>): TestSocket {
  return new TestSocket(url, headers)
}

/** POST /api/auth/login/ from a chosen loopback address (Linux routes all of 127/8 to lo), with more `headers` if given. */
export function loginFrom(t: TestServer, localAddress: string, email: string, password: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter: string | undefined; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const body = JSON.stringify({ email, password })
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port: new URL(t.url).port, path: '/api/auth/login/', method: 'POST', localAddress,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(Buffer.concat(chunks).toString()) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

export interface TestServer {
  server: RunningParleyServer
  url: string
  wsUrl: string
  dataDir: string
  /** Creates a user (admin API) named `<name>@example.com` / `password-<name>`, and logs in over REST. */
  addUser(name: string, userType?: string): Promise<TestUser>
  login(email: string, password: string): Promise<TestUser>
  /** Creates a conversation as `creator` with the others; returns its id. */
  conversation(creator: TestUser, ...others: TestUser[]): Promise<number>
  /** An open chat socket; its connection_established frame is already consumed and returned in `hello`. `query`: more URL parameters ("ext=edit,delete"). */
  connect(conversationId: number, user: TestUser | string, query?: string): Promise<TestSocket & { hello: Frame }>
  /** An open /ws/conversations/ socket, connection_established consumed. */
  connectList(user: TestUser, query?: string): Promise<TestSocket & { hello: Frame }>
  request<T = any>(path: string, options?: RequestOptions): Promise<TestResponse<T>> // eslint-disable-line @typescript-eslint/no-explicit-any
  restart(overrides?: Partial<ParleyServerOptions>): Promise<void>
  stop(): Promise<void>
}

const running = new Set<TestServer>()

export async function startTestServer(options: Partial<ParleyServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'))
  let current = { logLevel: 'silent', ...options, dataDir }
  const sockets = new Set<TestSocket>()
  let server = await startParleyServer(current)

  const t: TestServer = {
    server,
    get url() { return server.url },
    get wsUrl() { return server.url.replace(/^http/, 'ws') },
    dataDir,
    async addUser(name, userType) {
      const email = `${name}@example.com`
      const password = `password-${name}`
      await server.admin.createUser({ email, password, fullName: `${name[0]?.toUpperCase()}${name.slice(1)} Tester`, userType })
      return t.login(email, password)
    },
    async login(email, password) {
      const res = await t.request<{ user: User; tokens: { access: string; refresh: string } }>('/api/auth/login/', {
        method: 'POST', body: { email, password },
      })
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`)
      return { user: res.body.user, email, password, access: res.body.tokens.access, refresh: res.body.tokens.refresh }
    },
    async conversation(creator, ...others) {
      const res = await t.request<{ id: number }>('/api/chat/conversations/', {
        method: 'POST', token: creator.access, body: { participant_ids: others.map((o) => o.user.id) },
      })
      if (res.status !== 201 && res.status !== 200) throw new Error(`conversation: ${res.status} ${JSON.stringify(res.body)}`)
      return res.body.id
    },
    async connect(conversationId, user, query) {
      const token = typeof user === 'string' ? user : user.access
      return open(`${t.wsUrl}/ws/chat/${conversationId}/?token=${encodeURIComponent(token)}${query ? `&${query}` : ''}`)
    },
    async connectList(user, query) {
      return open(`${t.wsUrl}/ws/conversations/?token=${encodeURIComponent(user.access)}${query ? `&${query}` : ''}`)
    },
    async request(path, { method = 'GET', token, body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } }
      if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`
      if (body !== undefined) {
        ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
        init.body = typeof body === 'string' ? body : JSON.stringify(body)
      }
      const res = await fetch(`${server.url}${path}`, init)
      const text = await res.text()
      let parsed: unknown = text
      try { parsed = JSON.parse(text) } catch { /* not JSON: keep the text */ }
      return { status: res.status, body: parsed as never, headers: res.headers }
    },
    async restart(overrides = {}) {
      await server.close()
      current = { ...current, port: new URL(server.url).port ? Number(new URL(server.url).port) : 0, ...overrides }
      server = await startParleyServer(current)
      t.server = server
    },
    async stop() {
      running.delete(t)
      for (const socket of sockets) socket.ws.terminate()
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }

  async function open(url: string): Promise<TestSocket & { hello: Frame }> {
    const socket = new TestSocket(url) as TestSocket & { hello: Frame }
    sockets.add(socket)
    await socket.opened
    socket.hello = await socket.next('connection_established')
    return socket
  }

  running.add(t)
  return t
}

/** A server (options as startTestServer) with users ada and bob and their conversation `id`. */
export async function startPair(options: Partial<ParleyServerOptions> = {}) {
  const t = await startTestServer(options)
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const id = await t.conversation(ada, bob)
  return { t, ada, bob, id }
}

/** Stops every test server still running (use in afterEach/afterAll). */
export async function stopAllTestServers(): Promise<void> {
  await Promise.all([...running].map((t) => t.stop()))
}

/** Sorted keys, for exact-shape assertions. */
export function keysOf(value: unknown): string[] {
  return Object.keys(value as object).sort()
}
