// One server lifecycle (issue 10): the app's server "for this computer only" is the host
// controller's supervised server process on loopback, not a second server in main. It keeps
// its port (so saved accounts keep their address), hosting replaces it over the same data
// and stopping hosting brings it back, and a crash of it is restarted and told in words.
import { afterEach, expect, it } from 'vitest'
import type { ChildHandle } from '../../src-main/host/host-process'
import { readHostSettings } from '../../src-main/host/host-settings'
import { login, postJson, recordedController, tempDir } from './support'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function appServer(values = new Map<string, unknown>(), data = tempDir('parley-this-computer-')) {
  let wanted = true
  const host = recordedController(data.path, {
    wantsThisComputerOnly: () => wanted,
    restartPolicy: { backoff: { baseMs: 200, capMs: 1000 }, stableMs: 60_000, maxQuickCrashes: 3 },
  }, values)
  cleanups.push(() => host.controller.shutdown())
  return { ...host, data, setWanted: (value: boolean) => (wanted = value) }
}

function isAlive(child: ChildHandle): boolean {
  try {
    process.kill(child.pid!, 0)
    return true
  } catch {
    return false
  }
}

const register = (server: string, email: string) =>
  postJson(`${server}/api/auth/register/`, { email, full_name: 'Ada', password: 'analytical 1', password_confirm: 'analytical 1' })

it('serves this computer on loopback, keeps its port, and hands over to hosting and back over the same data', async () => {
  const data = tempDir('parley-this-computer-')
  cleanups.push(data.remove)
  const first = appServer(new Map(), data)
  await first.controller.startForApp()
  const local = first.controller.status()
  expect(local).toMatchObject({ state: 'running', reach: 'this-computer', advertising: false, hostAccount: null, joinAddresses: [] })
  const url = first.controller.ownServerUrl()!
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  // Not hosting: the panel's hosting state and the app's "keep running in the tray" say no.
  expect(first.controller.running).toBe(false)
  expect(first.controller.hosting).toBe(false)
  // Whoever uses this computer makes the first account on the sign-in screen.
  expect((await register(url, 'ada@example.com')).status).toBe(201)
  const port = Number(new URL(url).port)
  expect(readHostSettings({ get: (k) => first.values.get(k), set: () => undefined, delete: () => undefined }).localPort).toBe(port)

  // Hosting replaces it (one process at a time, same data: Ada's account is there)…
  const hosting = await first.controller.start({ address: '127.0.0.1', port: 0, registration: 'closed', name: 'Den' })
  expect(hosting).toMatchObject({ state: 'running', reach: 'lan' })
  expect(first.children.filter(isAlive)).toHaveLength(1)
  expect((await login(hosting.url!, 'ada@example.com', 'analytical 1')).status).toBe(200)
  // …and stopping hosting brings this computer's server back on its own port.
  expect((await first.controller.stop()).state).toBe('running')
  expect(first.controller.status()).toMatchObject({ reach: 'this-computer', url })
  expect((await login(url, 'ada@example.com', 'analytical 1')).status).toBe(200)
  await first.controller.shutdown()

  // Next app start: the same address, so the saved account still names the right server.
  const second = appServer(first.values, data)
  await second.controller.startForApp()
  expect(second.controller.ownServerUrl()).toBe(url)
  expect((await login(url, 'ada@example.com', 'analytical 1')).status).toBe(200)
})

it('a crashed server for this computer is restarted and the UI is told, then given up on in words', async () => {
  const { controller, statuses, children } = appServer()
  await controller.startForApp()
  const url = controller.ownServerUrl()!
  process.kill(children.at(-1)!.pid!, 'SIGKILL')
  await expect.poll(() => statuses.at(-1)?.state, { timeout: 10_000 }).toBe('restarting')
  expect(statuses.at(-1)).toMatchObject({ reach: 'this-computer', error: expect.stringMatching(/stopped unexpectedly/) })
  await expect.poll(() => controller.ownServerUrl(), { timeout: 15_000 }).toBe(url)
  expect((await fetch(`${url}/api/parley/info/`)).status).toBe(200)

  // Crashing again right after each start: the third quick crash in a row (the policy's
  // limit) and it stops trying, and says so.
  for (let crash = 0; crash < 2; crash += 1) {
    await expect.poll(() => controller.status().state, { timeout: 15_000 }).toBe('running')
    process.kill(children.at(-1)!.pid!, 'SIGKILL')
    await expect.poll(() => statuses.at(-1)?.state, { timeout: 10_000 }).not.toBe('running')
  }
  await expect.poll(() => controller.status().state, { timeout: 15_000 }).toBe('failed')
  expect(controller.status()).toMatchObject({ reach: 'this-computer', error: expect.stringMatching(/repeated crashes.*reopen Parley/) })
})

it('takes the port an older install kept for its loopback server, and another when that one is taken', async () => {
  const blocker = await import('node:net').then(({ createServer }) => new Promise<import('node:net').Server>((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => resolve(server))
  }))
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
  const taken = (blocker.address() as import('node:net').AddressInfo).port
  const { controller, values } = appServer(new Map<string, unknown>([['localServerPort', taken]]))
  expect(readHostSettings({ get: (k) => values.get(k), set: () => undefined, delete: () => undefined }).localPort).toBe(taken)
  await controller.startForApp()
  const port = Number(new URL(controller.ownServerUrl()!).port)
  expect(port).not.toBe(taken)
  // One owner for the port from now on: the old key is gone.
  expect(values.has('localServerPort')).toBe(false)
  expect((values.get('lanHost') as { localPort: number }).localPort).toBe(port)
})

it('starts nothing when the app does not need its own server', async () => {
  const { controller, setWanted, children } = appServer()
  setWanted(false)
  await controller.startForApp()
  expect(controller.status()).toMatchObject({ state: 'stopped' })
  expect(controller.ownServerUrl()).toBeNull()
  expect(children).toHaveLength(0)
})

it('opening at login is the OS switch, shown in the host status, and refused in words where there is none', async () => {
  const switched: boolean[] = []
  let on = false
  const data = tempDir('parley-login-item-')
  cleanups.push(data.remove)
  // The OS surface, recorded: Electron's login item settings cannot run in plain Node.
  const { controller } = recordedController(data.path, { loginItem: { enabled: () => on, set: (enabled: boolean) => { switched.push(enabled); on = enabled } } })
  expect(controller.status().startAtLogin).toBe(false)
  expect(controller.setStartAtLogin(true).startAtLogin).toBe(true)
  expect(controller.setStartAtLogin(false).startAtLogin).toBe(false)
  expect(switched).toEqual([true, false])

  const { controller: without } = appServer()
  expect(without.status().startAtLogin).toBeNull()
  expect(() => without.setStartAtLogin(true)).toThrow(/not available/)
})
