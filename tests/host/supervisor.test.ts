// The host's server process under supervision (src-main/host/supervisor.ts), with the real
// server-process entry forked by Node and killed with SIGKILL: restarted with backoff on the
// same port over the same data, the UI told in words, a signed-in client reconnecting by
// itself; quick crashes in a row end in "stopped after repeated crashes"; a crash after a
// stable run starts the count over; stopping during the backoff cancels the restart; a
// process that answers nothing is killed rather than waited for.
import { afterEach, expect, it } from 'vitest'
import type { ConnectionStatus, OutboxItem, SessionInfo } from '../../src-shared/ipc/contract'
import type { Conversation, Message } from '../../src-shared/protocol/types'
import type { HostControllerOptions } from '../../src-main/host/host-controller'
import type { RestartPolicy } from '../../src-main/host/supervisor'
import { value } from '../client/support/session'
import { makeTempDir, removeDir, startTestMainProcess } from '../client/support/test-services'
import { waitUntil } from '../client/support/wait'
import { login, recordedController, tempDir } from './support'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function supervisedHost(restartPolicy: RestartPolicy, signInHost?: HostControllerOptions['signInHost']) {
  const data = tempDir('parley-host-sup-')
  const host = recordedController(data.path, { restartPolicy, ...(signInHost ? { signInHost } : {}) })
  cleanups.push(data.remove, () => host.controller.shutdown())
  const states = () => host.statuses.map((s) => s.state)
  return { ...host, states }
}

const quick = (overrides: Partial<RestartPolicy> = {}): RestartPolicy => ({
  backoff: { baseMs: 200, capMs: 1000 },
  stableMs: 60_000,
  maxQuickCrashes: 5,
  ...overrides,
})

it('a killed server process comes back on the same port with its data, the UI told, and a signed-in client reconnects by itself', async () => {
  const { controller, statuses, crash } = supervisedHost(quick())
  const status = await controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Den' })
  const url = status.url!
  await controller.createUser({ email: 'ada@example.com', fullName: 'Ada', password: 'analytical 1' })
  const bob = await controller.createUser({ email: 'bob@example.com', fullName: 'Bob', password: 'difference 1' })

  // Ada's app, signed in to the hosted server, with a message sent before the crash.
  const dataDir = await makeTempDir()
  const main = await startTestMainProcess({ dataDir })
  cleanups.push(() => removeDir(dataDir), () => main.stop())
  value<SessionInfo>(await main.invoke('session:sign-in', { server: url, email: 'ada@example.com', password: 'analytical 1' }))
  const conversation = value<Conversation>(await main.invoke('conversations:create', [bob.id]))
  const sentIds = async (text: string): Promise<void> => {
    const item = value<OutboxItem>(await main.invoke('messages:send-text', conversation.id, text))
    await waitUntil(() => main.events.some((e) => e.event === 'message-state' && (e.payload as OutboxItem).clientId === item.clientId
      && ((e.payload as OutboxItem).state === 'sent' || (e.payload as OutboxItem).state === 'read')), `"${text}" to be sent`, 30_000)
  }
  await sentIds('before the crash')
  const open = () => main.events.filter((e) => e.event === 'connection' && (e.payload as ConnectionStatus).state === 'open').length
  const openBefore = open()

  const seen = statuses.length
  crash()
  await waitUntil(() => controller.status().state === 'restarting', 'the host to say it is restarting')
  expect(controller.status()).toMatchObject({ url, presence: [], error: expect.stringMatching(/stopped unexpectedly\. Restarting it in 1 s \(try 1 of 4\)/) })
  await expect(controller.users()).rejects.toThrow(/restarting/)
  await waitUntil(() => controller.status().state === 'running', 'the server to be back', 30_000)
  expect(statuses.slice(seen).map((s) => s.state)).toEqual(expect.arrayContaining(['restarting', 'running']))
  expect(controller.status()).toMatchObject({ url, error: null })

  // Same port, same data: accounts and history survived.
  expect((await login(url, 'ada@example.com', 'analytical 1')).status).toBe(200)
  expect((await controller.users()).map((u) => u.email)).toEqual(expect.arrayContaining(['ada@example.com', 'bob@example.com']))
  // The client found its way back on its own, and chat goes on.
  await waitUntil(() => open() > openBefore, 'the client to reconnect', 30_000)
  await sentIds('after the crash')
  const history = value<{ messages: Message[] }>(await main.invoke('messages:history', conversation.id))
  expect(history.messages.map((m) => m.content)).toEqual(['before the crash', 'after the crash'])
})

it('quick crashes in a row: restarts with growing delays, then gives up and says so', async () => {
  const { controller, children, crash, statuses } = supervisedHost(quick({ backoff: { baseMs: 1000, capMs: 4000 }, maxQuickCrashes: 3 }))
  await controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Flaky' })
  for (const expected of ['Restarting it in 1 s (try 1 of 2)', 'Restarting it in 2 s (try 2 of 2)']) {
    const launched = children.length
    crash()
    await waitUntil(() => controller.status().state === 'restarting', 'restarting')
    expect(controller.status().error).toContain(expected)
    await waitUntil(() => controller.status().state === 'running' && children.length === launched + 1, 'running again', 30_000)
  }
  crash()
  await waitUntil(() => controller.status().state === 'failed', 'the supervisor to give up', 30_000)
  expect(controller.status()).toMatchObject({
    url: null,
    error: expect.stringMatching(/^Server stopped after repeated crashes \(3 in a row/),
  })
  expect(statuses.filter((s) => s.state === 'restarting')).toHaveLength(2)
  // Not started again, and admin actions say why.
  const launched = children.length
  await new Promise((resolve) => setTimeout(resolve, 600))
  expect(children).toHaveLength(launched)
  await expect(controller.users()).rejects.toThrow(/Start hosting first/)
  // Starting by hand works, with a fresh count.
  expect((await controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Flaky' })).state).toBe('running')
})

it('a crash after a stable run counts as the first again', async () => {
  const { controller, crash } = supervisedHost(quick({ stableMs: 1500, maxQuickCrashes: 2 }))
  await controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Steady' })
  for (let round = 0; round < 2; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1600))
    crash()
    // With maxQuickCrashes 2, a second crash that counted would give up instead.
    await waitUntil(() => controller.status().state === 'restarting', 'restarting')
    expect(controller.status().error).toContain('try 1 of 1')
    await waitUntil(() => controller.status().state === 'running', 'running again', 30_000)
  }
})

it('stopping while a restart waits cancels it', async () => {
  const { controller, children, crash } = supervisedHost(quick({ backoff: { baseMs: 1500, capMs: 1500 } }))
  await controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Den' })
  crash()
  await waitUntil(() => controller.status().state === 'restarting', 'restarting')
  expect((await controller.stop()).state).toBe('stopped')
  await new Promise((resolve) => setTimeout(resolve, 2000))
  expect(children).toHaveLength(1)
  expect(controller.status().state).toBe('stopped')
})

it('a server process that answers nothing is ended: stopping takes seconds, not the minute a request may wait', async () => {
  const { controller, children } = supervisedHost(quick())
  await controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Den' })
  const pid = children.at(-1)!.pid!
  // Frozen (SIGSTOP): it neither answers the stop nor ends on SIGTERM, as a hung shutdown would.
  process.kill(pid, 'SIGSTOP')
  cleanups.push(() => {
    try { process.kill(pid, 'SIGKILL') } catch { /* ended, as it should be */ }
  })
  expect((await controller.stop()).state).toBe('stopped')
  expect(() => process.kill(pid, 0)).toThrow()
}, 30_000)

it('a crash while this app signs in to its server: the restart is told, and the sign-in tried again once it is back', async () => {
  const attempts: string[] = []
  const host = supervisedHost(quick(), async (credentials) => {
    attempts.push(credentials.server)
    if (attempts.length === 1) {
      host.crash()
      await waitUntil(() => host.controller.status().state === 'restarting', 'restarting')
      throw new Error("Can't reach the server.")
    }
    expect((await login(credentials.server, credentials.email, credentials.password)).status).toBe(200)
  })
  const status = await host.controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Den' })
  expect(status).toMatchObject({ state: 'restarting', error: expect.stringMatching(/^The server stopped unexpectedly/) })
  await waitUntil(() => attempts.length === 2, 'the sign-in to be tried again', 30_000)
  await waitUntil(() => host.controller.status().state === 'running', 'running')
  expect(attempts).toEqual([status.url, status.url])
  expect(host.controller.status().error).toBeNull()
})
