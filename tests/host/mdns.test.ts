// mDNS/DNS-SD on this machine's real network interface: a server advertised with
// bonjour-service is found by a bonjour-service browse, its TXT follows the registration
// mode, and it disappears when the advertisement stops. (Multicast works in this sandbox on
// eth0; the browse hears the advertisement through the multicast loopback.)
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'
import type { DiscoveredHost } from '../../src-shared/ipc/contract'
import { advertise } from '../../src-main/server/lan/advertise'
import { startDiscovery, type Discovery } from '../../src-main/server/lan/discovery'
import { tempDir } from './support'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function browse(): { discovery: Discovery; find(name: string, match?: (host: DiscoveredHost) => boolean): Promise<DiscoveredHost | undefined> } {
  const discovery = startDiscovery(() => {})
  cleanups.push(() => discovery.stop())
  return {
    discovery,
    find: (name, match = () => true) => {
      discovery.refresh()
      return Promise.resolve(discovery.hosts().find((h) => h.name === name && match(h)))
    },
  }
}

it('a bonjour-service browse finds the advertised server with its TXT, follows registration changes, sees it leave', async () => {
  const name = `Parley test ${process.pid}`
  const port = 40000 + (process.pid % 20000)
  const advertisement = advertise({ name, port, host: '0.0.0.0', registration: 'closed' })
  cleanups.push(() => advertisement.stop())
  expect(advertisement.active).toBe(true)
  const { find } = browse()

  await expect.poll(() => find(name), { timeout: 20_000, interval: 500 }).toMatchObject({
    name, port, registration: 'closed', protocol: '1', url: expect.stringMatching(new RegExp(`^http://.+:${port}$`)), fingerprint: null,
  })
  advertisement.update('invite')
  await expect.poll(() => find(name, (h) => h.registration === 'invite'), { timeout: 20_000, interval: 500 }).toBeTruthy()
  await advertisement.stop()
  await expect.poll(() => find(name), { timeout: 20_000, interval: 500 }).toBeUndefined()
})

it('a loopback-only server is not advertised', async () => {
  const advertisement = advertise({ name: 'local only', port: 4999, host: '127.0.0.1', registration: 'open' })
  expect(advertisement.active).toBe(false)
  await advertisement.stop()
})

it('headless `serve` advertises on the LAN by default', async () => {
  const name = `Headless ${process.pid}`
  const data = tempDir('parley-cli-mdns-')
  cleanups.push(data.remove)
  const cli = resolve(fileURLToPath(new URL('../../src-main/server/cli.ts', import.meta.url)))
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--host', '0.0.0.0', '--port', '0', '--data', data.path, '--name', name, '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  cleanups.push(() => new Promise<void>((done) => {
    if (child.exitCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGTERM')
  }))
  await expect.poll(() => output, { timeout: 30_000 }).toMatch(/Announced on the local network/)
  // Listening on the LAN means TLS: the https URLs and the fingerprint are printed, and
  // the announcement carries the fingerprint and leads to https.
  const port = Number(/running at https:\/\/[^:]+:(\d+)/.exec(output)?.[1])
  const fingerprint = /Certificate SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/.exec(output)?.[1]
  expect(fingerprint).toBeDefined()
  for (const line of output.split('\n').filter((l) => l.includes('on your network:'))) expect(line).toMatch(/https:\/\//)
  const { find } = browse()
  await expect.poll(() => find(name), { timeout: 20_000, interval: 500 }).toMatchObject({
    name, port, registration: 'closed', fingerprint, url: expect.stringMatching(new RegExp(`^https://.+:${port}$`)),
  })
})
