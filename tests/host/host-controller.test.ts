// The host controller as the app runs it, with the server process forked by Node instead of
// Electron's utilityProcess: status for the UI, join addresses with QR codes, the host's own
// account and sign-in, presence, stop/start keeping data, and failures told in words.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { HostStatus } from '../../src-shared/ipc/contract'
import { createMemorySecretStore } from '../../src-main/client/secret-store'
import type { KeyValueBackend } from '../../src-main/client/settings-store'
import { HOST_ACCOUNT_EMAIL, HostController } from '../../src-main/host/host-controller'
import { nodeLauncher } from '../../src-main/host/node-launcher'
import { TestSocket } from '../server/helpers'
import { fetchTrusting, login, SERVER_PROCESS_ENTRY, tempDir } from './support'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function memoryStore(): KeyValueBackend & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>()
  return { values, get: (k) => values.get(k), set: (k, v) => void values.set(k, v), delete: (k) => void values.delete(k) }
}

function makeController(reuse?: { data: { path: string; remove(): void }; secrets: ReturnType<typeof createMemorySecretStore>; settings: ReturnType<typeof memoryStore> }) {
  const data = reuse?.data ?? tempDir('parley-host-ctl-')
  const statuses: HostStatus[] = []
  const signIns: { server: string; email: string; password: string; resumed: boolean; fingerprint: string | null }[] = []
  const secrets = reuse?.secrets ?? createMemorySecretStore()
  const settings = reuse?.settings ?? memoryStore()
  const controller = new HostController({
    launch: nodeLauncher(SERVER_PROCESS_ENTRY),
    dataDir: data.path,
    webRoot: null,
    nativeBinding: null,
    secrets,
    settings,
    emit: (status) => statuses.push(status),
    signInHost: async (credentials, resumed, fingerprint) => {
      signIns.push({ ...credentials, resumed, fingerprint })
      const fetchFn = fingerprint ? fetchTrusting(data.path) : fetch
      expect((await login(credentials.server, credentials.email, credentials.password, fetchFn)).status).toBe(200)
    },
  })
  if (!reuse) cleanups.push(data.remove)
  cleanups.push(() => controller.shutdown())
  return { controller, statuses, signIns, secrets, settings, data }
}

it('hosts on all IPv4 networks: join addresses with QR codes, the host signed in, presence, stop and start again', async () => {
  const { controller, statuses, signIns, settings, data } = makeController()
  const status = await controller.start({ address: '0.0.0.0', port: 0, registration: 'invite', name: 'Team room' })
  expect(status).toMatchObject({ state: 'running', hostAccount: HOST_ACCOUNT_EMAIL, error: null, config: { registration: 'invite' } })
  expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['starting', 'running']))
  const port = Number(new URL(status.url!).port)
  // Listening beyond loopback: TLS, with the fingerprint for the host panel.
  expect(status.url).toBe(`https://127.0.0.1:${port}`)
  expect(status.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
  const trusting = fetchTrusting(data.path)
  // Every non-internal IPv4 address of this machine, as a URL and a QR code of its join link.
  expect(status.joinAddresses.length).toBeGreaterThan(0)
  for (const join of status.joinAddresses) {
    expect(join.family).toBe('IPv4')
    expect(join.url).toBe(`https://${join.address}:${port}/`)
    expect(join.joinLink).toBe(`${join.url}#fp=${status.fingerprint}`)
    expect(Buffer.from(join.qrDataUrl.split(',')[1]!, 'base64').toString()).toMatch(/^<svg/)
    // The certificate names every join address, so a browser's warning is only about who signed it.
    expect((await trusting(`${join.url}api/parley/info/`).then((r) => r.json())) as object)
      .toMatchObject({ name: 'Team room', registration: 'invite', fingerprint: status.fingerprint })
  }
  expect(signIns).toEqual([{ server: status.url, email: HOST_ACCOUNT_EMAIL, password: expect.any(String), resumed: false, fingerprint: status.fingerprint }])
  // Port 0 was resolved to a real port, and that is what is kept for next time.
  expect(settings.values.get('lanHost')).toMatchObject({ enabled: true, config: { port } })

  const ada = await controller.createUser({ email: 'ada@example.com', fullName: 'Ada', password: 'analytical 1' })
  const token = (await login(status.url!, 'ada@example.com', 'analytical 1', trusting)).access!
  const socket = new TestSocket(`${status.url!.replace('https', 'wss')}/ws/conversations/?token=${token}`, undefined, { ca: readFileSync(join(data.path, 'tls', 'cert.pem'), 'utf8') })
  await socket.opened
  await expect.poll(() => controller.status().presence).toEqual([{ user: ada, sockets: 1 }])
  await expect(controller.removeUser(HOST_ACCOUNT_EMAIL)).rejects.toThrow(/host account/)
  expect((await controller.setRegistration('open')).config.registration).toBe('open')

  expect((await controller.stop()).state).toBe('stopped')
  expect((await socket.closed).code).toBe(1001)
  expect(settings.values.get('lanHost')).toMatchObject({ enabled: false, config: { registration: 'open' } })
  await expect(controller.users()).rejects.toThrow(/Start hosting first/)

  const again = await controller.start({ address: '127.0.0.1', port, registration: 'closed', name: 'Team room' })
  expect(again.joinAddresses).toEqual([]) // loopback only: nobody else can join
  expect(again.advertising).toBe(false)
  expect((await controller.users()).map((u) => u.email)).toEqual([HOST_ACCOUNT_EMAIL, 'ada@example.com'])
  // The same secret signs the host in after a restart.
  expect(signIns[1]?.password).toBe(signIns[0]?.password)
})

it('hosting that was on when the app quit resumes at the next start, same address and data', async () => {
  const first = makeController()
  const { port } = new URL((await first.controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Den' })).url!)
  await first.controller.createUser({ email: 'ada@example.com', fullName: 'Ada', password: 'analytical 1' })
  await first.controller.shutdown() // app quit: hosting stays "on"
  expect(first.controller.enabled).toBe(true)

  const second = makeController(first)
  await second.controller.resumeIfEnabled()
  expect(second.controller.status()).toMatchObject({ state: 'running', url: `http://127.0.0.1:${port}` })
  expect((await second.controller.users()).map((u) => u.email)).toContain('ada@example.com')
  expect(second.signIns).toEqual([expect.objectContaining({ resumed: true, password: first.signIns[0]!.password })])
})

it('a port already in use fails in words and leaves nothing running', async () => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
  const port = (blocker.address() as { port: number }).port
  const { controller } = makeController()
  await expect(controller.start({ address: '127.0.0.1', port, registration: 'closed', name: 'Busy' })).rejects.toThrow(/already in use/)
  expect(controller.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/already in use/), url: null })
})
