// The built web client served at /, the admin API's side effects on live sockets, and
// REST body limits.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { Conversation } from '../../src-shared/protocol/types'
import { startTestServer, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)

it('serves the web client at /, with index.html for client routes, without shadowing the API', async () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'parley-web-'))
  mkdirSync(join(webRoot, 'assets'))
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Parley</title>')
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)')
  const t = await startTestServer({ webRoot })
  const index = await fetch(`${t.url}/`)
  expect(index.status).toBe(200)
  expect(index.headers.get('content-type')).toMatch(/text\/html/)
  expect(await index.text()).toContain('<title>Parley</title>')
  expect((await fetch(`${t.url}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/)
  expect(await (await fetch(`${t.url}/conversations/12`)).text()).toContain('<title>Parley</title>')
  expect((await fetch(`${t.url}/assets/missing.js`)).status).toBe(404)
  // Traversal never leaves the web root (send refuses it; a client route gets index.html).
  expect(await (await fetch(`${t.url}/%2e%2e/%2e%2e/etc/passwd`)).text()).not.toContain('root:')
  expect((await t.request('/api/nothing/')).body).toEqual({ detail: 'Not found.' })
})

it('admin: createConversation notifies list sockets and removeUser closes the user\'s sockets with 4001', async () => {
  const t = await startTestServer()
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const list = await t.connectList(bob)
  const conversation = await t.server.admin.createConversation([ada.user.id, bob.user.id])
  expect((await t.server.admin.createConversation([bob.user.id, ada.user.id])).id).toBe(conversation.id)
  const update = await list.next<{ conversation: Conversation }>('conversation_updated')
  expect(update.conversation).toMatchObject({ id: conversation.id, other_user: ada.user })
  const socket = await t.connect(conversation.id, bob)
  await t.server.admin.removeUser(bob.email)
  expect((await socket.closed).code).toBe(4001)
  expect((await list.closed).code).toBe(4001)
  await expect(t.server.admin.createUser({ email: 'ada@example.com', password: 'password-x', fullName: 'Ada' })).rejects.toThrow(/exists/)
  await expect(t.server.admin.createUser({ email: 'x@example.com', password: 'short', fullName: 'X' })).rejects.toThrow(/at least 8/)
})

it('refuses oversized and non-object REST bodies with DRF-style errors', async () => {
  const t = await startTestServer({ limits: { maxJsonBodyBytes: 1024 } })
  const big = await t.request('/api/auth/login/', { method: 'POST', body: { email: 'a@b.co', password: 'x'.repeat(5000) } })
  expect(big).toMatchObject({ status: 413, body: { detail: 'Request body too large.' } })
  const list = await t.request('/api/auth/login/', { method: 'POST', body: '[1]' })
  expect(list).toMatchObject({ status: 400, body: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] } })
  const deep = await t.request('/api/auth/login/', { method: 'POST', body: `{"email":${'['.repeat(400)}${']'.repeat(400)}}` })
  expect(deep).toMatchObject({ status: 400, body: { detail: 'JSON parse error - nested more than 32 levels' } })
})

it('takes only JSON bodies, so a cross-site form can neither register nor try passwords (415)', async () => {
  const t = await startTestServer({ registration: 'open' })
  const register = { email: 'form@example.com', password: 'password-form', full_name: 'Form' }
  const bodies: [string | undefined, string][] = [
    ['application/x-www-form-urlencoded', new URLSearchParams(register).toString()],
    ['text/plain', JSON.stringify(register)],
    ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nform@example.com\r\n--x--`],
    [undefined, JSON.stringify(register)],
  ]
  for (const [type, body] of bodies) {
    for (const path of ['/api/auth/register/', '/api/auth/login/']) {
      const res = await fetch(`${t.url}${path}`, { method: 'POST', body: Buffer.from(body), headers: type ? { 'content-type': type } : {} })
      expect(res.status, `${type} ${path}`).toBe(415)
      expect(((await res.json()) as { detail: string }).detail).toMatch(/media type|as JSON/)
    }
  }
  expect((await t.server.admin.listUsers())).toEqual([])
  const json = await t.request('/api/auth/register/', { method: 'POST', body: register, headers: { 'content-type': 'application/json; charset=utf-8' } })
  expect(json.status).toBe(201)
})
