// Every IPC argument is checked against the contract before a handler runs: bad input is
// answered with invalid-argument in words, nothing is half-done, and the next good call
// works. Also the sender check and the link policy, which schemas cannot express.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConversationList, OutboxItem } from '../../src-shared/ipc/contract'
import { isTrustedSenderUrl } from '../../src-main/ipc/sender'
import { RENDERER_ORIGIN } from '../../src-main/app/renderer-protocol'
import { startEmbeddedServer, type EmbeddedServer } from './support/embedded-server'
import { signedInConversation, value } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'

let server: EmbeddedServer
let dataDir: string
let main: TestMainProcess
let conversationId: number

beforeAll(async () => {
  server = await startEmbeddedServer()
  dataDir = await makeTempDir()
  main = await startTestMainProcess({ dataDir })
  ;({ conversationId } = await signedInConversation(main, server))
})

afterAll(async () => {
  await main.stop()
  await server.close()
  await removeDir(dataDir)
})

describe('argument validation', () => {
  const bad: [string, unknown[]][] = [
    ['messages:send-text', [1, '']],
    ['messages:send-text', ['1', 'hello']],
    ['messages:send-text', [-3, 'hello']],
    ['messages:send-text', [1.5, 'hello']],
    ['messages:send-text', [1, 'x'.repeat(64 * 1024 + 1)]],
    ['messages:send-text', [1]],
    ['messages:send-text', [1, 'hello', 'extra']],
    ['messages:history', [{ id: 1 }]],
    ['messages:cached', []],
    ['messages:cached', [0]],
    ['session:sign-in', [{ server: 'ftp://example.com', email: 'a@b.c', password: 'x' }]],
    ['session:sign-in', [{ server: 'http://127.0.0.1:1', email: 'a@b.c' }]],
    ['settings:set', [{ theme: 'neon' }]],
    ['settings:set', [{ closeToTray: true, sneaky: 1 }]],
    ['conversations:create', [[]]],
    ['files:open', [1, 0]],
    ['links:open', [42]],
    ['outbox:discard', ['']],
    ['session:get', [null]],
    ['messages:send-text', [1, 'hi', { replyTo: 0 }]],
    ['messages:send-text', [1, 'hi', { mentions: [1.5] }]],
    ['messages:send-text', [1, 'hi', { mentions: Array.from({ length: 51 }, (_, i) => i + 1) }]],
    ['messages:send-text', [1, 'hi', { replyTo: 2, sneaky: true }]],
    ['messages:around', [1]],
    ['messages:around', [1, -2]],
    ['messages:search', [{ text: '   ' }]],
    ['messages:search', [{ text: 'x'.repeat(201) }]],
    ['messages:search', [{ text: 'hi', conversationId: 'all' }]],
    ['messages:search', [{ text: 'hi', scope: 'everything' }]],
    ['messages:search', ['hi']],
    ['messages:edit', [1, 2]],
    ['messages:edit', [1, 2, 'x'.repeat(64 * 1024 + 1)]],
    ['messages:edit', [1, 2, 'new', [0]]],
    ['messages:delete', [1, '2']],
    ['messages:delete', [1]],
    ['messages:react', [1, 2, '', true]],
    ['messages:react', [1, 2, '👍'.repeat(40), true]],
    ['messages:react', [1, 2, '👍', 'yes']],
    ['messages:react', [1, 2, '👍']],
    ['conversation:prefs', [1]],
    ['conversation:set-muted', [1, 'true']],
    ['conversation:set-muted', [0, true]],
    ['conversation:set-unread', [1]],
  ]

  it.each(bad)('%s rejects %j with invalid-argument', async (channel, args) => {
    const result = await main.invoke(channel, ...args)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-argument')
      expect(result.error.message).toMatch(/^Invalid /)
    }
  })

  it('rejects an unknown channel and keeps working afterwards', async () => {
    expect(await main.invoke('shell:exec', 'rm -rf /')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(await main.invoke('__proto__')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(await main.invoke('toString')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(value<OutboxItem[]>(await main.invoke('outbox:list', conversationId))).toEqual([])
    expect(value<ConversationList>(await main.invoke('conversations:list')).conversations).toHaveLength(1)
    const item = value<OutboxItem>(await main.invoke('messages:send-text', conversationId, 'still here'))
    expect(item.text).toBe('still here')
  })

  it('answers a settings change with the whole settings and keeps it', async () => {
    expect(value(await main.invoke('settings:set', { theme: 'dark' }))).toEqual({ closeToTray: true, notifications: true, theme: 'dark' })
    expect(value(await main.invoke('settings:get'))).toMatchObject({ theme: 'dark' })
  })
})

describe('links', () => {
  it('opens only http, https and mailto links', async () => {
    for (const url of ['https://example.com/a?b=c', 'http://192.168.1.20:8000/', 'mailto:ada@example.com']) {
      expect(value(await main.invoke('links:open', url))).toBe(true)
    }
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url', 'vscode://x']) {
      expect(value(await main.invoke('links:open', url))).toBe(false)
    }
    expect(main.shell.external).toEqual(['https://example.com/a?b=c', 'http://192.168.1.20:8000/', 'mailto:ada@example.com'])
  })
})

describe('sender check', () => {
  const origins = { rendererOrigin: RENDERER_ORIGIN }
  it('trusts only our renderer page', () => {
    expect(isTrustedSenderUrl('app://parley/index.html', origins)).toBe(true)
    expect(isTrustedSenderUrl('app://parley/index.html#/c/2', origins)).toBe(true)
    expect(isTrustedSenderUrl('app://parley.evil/index.html', origins)).toBe(false)
    expect(isTrustedSenderUrl('app://evil@parley.evil/index.html', origins)).toBe(false)
    expect(isTrustedSenderUrl('file:///opt/Parley/resources/app.asar/out/renderer/index.html', origins)).toBe(false)
    expect(isTrustedSenderUrl('file:///tmp/evil.html', origins)).toBe(false)
    expect(isTrustedSenderUrl('https://evil.example/', origins)).toBe(false)
    expect(isTrustedSenderUrl(undefined, origins)).toBe(false)
    expect(isTrustedSenderUrl('not a url', origins)).toBe(false)
    expect(isTrustedSenderUrl('http://localhost:5173/', { ...origins, devServerUrl: 'http://localhost:5173' })).toBe(true)
    expect(isTrustedSenderUrl('http://localhost:5174/', { ...origins, devServerUrl: 'http://localhost:5173' })).toBe(false)
  })
})

describe('parley: link hand-over', () => {
  it('gives the join link a parley: link brought to the sign-in screen once, then nothing', async () => {
    const dir = await makeTempDir()
    let pending: string | null = 'https://192.168.1.20:8000/#fp=AB:CD'
    const app = await startTestMainProcess({ dataDir: dir, takeJoinLink: () => {
      const link = pending
      pending = null
      return link
    } })
    try {
      expect(value<string | null>(await app.invoke('app:take-join-link'))).toBe('https://192.168.1.20:8000/#fp=AB:CD')
      expect(value<string | null>(await app.invoke('app:take-join-link'))).toBeNull()
      // The channel takes no arguments: anything else is refused in words.
      expect(await app.invoke('app:take-join-link', 'x')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    } finally {
      await app.stop()
      await removeDir(dir)
    }
  })

  it('answers null where no link came (tests, the browser)', async () => {
    expect(value<string | null>(await main.invoke('app:take-join-link'))).toBeNull()
  })
})
