// TLS on the LAN (issue 8): the self-signed certificate (made once, 0600, reused, renewed
// with the same key), HTTPS and WSS on one port, plain http on that port redirected, and
// `--tls off` / loopback staying plain HTTP. Real sockets, real TLS, a real SQLite file.
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { connect as netConnect } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, fetch as undiciFetch } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CERT_LIFETIME_DAYS, loadOrCreateCertificate, RENEW_BEFORE_DAYS } from '../../src-main/server/tls/certificate'
import { certificateNames, tlsEnabled } from '../../src-main/server/tls/server-tls'
import { startParleyServer, type RunningParleyServer } from '../../src-main/server/server'

const dirs: string[] = []
const servers: RunningParleyServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-tls-'))
  dirs.push(dir)
  return dir
}

async function start(dataDir: string, options: Parameters<typeof startParleyServer>[0] extends infer O ? Partial<O> : never = {}) {
  const server = await startParleyServer({ dataDir, logLevel: 'silent', registration: 'open', ...options })
  servers.push(server)
  return server
}

/** A client that trusts exactly this certificate (as a pinned client would, minus the pin). */
function trusting(certPem: string): Agent {
  return new Agent({ connect: { ca: certPem } })
}

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/

describe('the self-signed certificate', () => {
  it('is made once (key 0600, ECDSA P-256, SANs for the host, .local, loopback and the address) and reused', async () => {
    const dataDir = tempDir()
    const first = await loadOrCreateCertificate(dataDir, certificateNames('0.0.0.0'))
    expect(statSync(join(dataDir, 'tls', 'key.pem')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dataDir, 'tls')).mode & 0o777).toBe(0o700)
    const cert = new X509Certificate(readFileSync(join(dataDir, 'tls', 'cert.pem')))
    expect(cert.publicKey.asymmetricKeyType).toBe('ec')
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(cert.fingerprint256).toBe(first.fingerprint)
    expect(first.fingerprint).toMatch(FINGERPRINT)
    const san = cert.subjectAltName ?? ''
    const name = hostname().toLowerCase()
    expect(san).toContain(`DNS:${name}`)
    if (!name.includes('.')) expect(san).toContain(`DNS:${name}.local`)
    expect(san).toContain('DNS:localhost')
    expect(san).toContain('IP Address:127.0.0.1')
    for (const ip of certificateNames('0.0.0.0').ips) expect(san).toContain(`IP Address:${ip}`)
    expect(cert.ca).toBe(false)

    const again = await loadOrCreateCertificate(dataDir, certificateNames('0.0.0.0'))
    expect(again.certPem).toBe(first.certPem)
    expect(again.fingerprint).toBe(first.fingerprint)
  })

  it('is renewed before it expires and when the addresses change, keeping the key clients pinned', async () => {
    const dataDir = tempDir()
    const names = { dns: ['parley-test'], ips: ['127.0.0.1'] }
    const first = await loadOrCreateCertificate(dataDir, names)
    const key = readFileSync(join(dataDir, 'tls', 'key.pem'), 'utf8')
    const dueDay = new Date(Date.now() + (CERT_LIFETIME_DAYS - RENEW_BEFORE_DAYS + 1) * 24 * 3600 * 1000)
    const renewed = await loadOrCreateCertificate(dataDir, names, dueDay)
    expect(renewed.fingerprint).not.toBe(first.fingerprint)
    expect(renewed.spki).toBe(first.spki)
    expect(renewed.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime())
    expect(readFileSync(join(dataDir, 'tls', 'key.pem'), 'utf8')).toBe(key)

    const moved = await loadOrCreateCertificate(dataDir, { dns: ['parley-test'], ips: ['127.0.0.1', '10.9.8.7'] }, dueDay)
    expect(moved.fingerprint).not.toBe(renewed.fingerprint)
    expect(moved.spki).toBe(first.spki)
    expect(moved.names.ips).toContain('10.9.8.7')
  })

  it('auto means TLS on anything but loopback', () => {
    expect(tlsEnabled('auto', '127.0.0.1')).toBe(false)
    expect(tlsEnabled('auto', '::1')).toBe(false)
    expect(tlsEnabled('auto', '0.0.0.0')).toBe(true)
    expect(tlsEnabled('auto', '192.168.1.20')).toBe(true)
    expect(tlsEnabled('on', '127.0.0.1')).toBe(true)
    expect(tlsEnabled('off', '0.0.0.0')).toBe(false)
  })
})

describe('the server with TLS', () => {
  it('serves HTTPS and WSS on one port, redirects plain http there, and reports its fingerprint', async () => {
    const dataDir = tempDir()
    const server = await start(dataDir, { tls: 'on' })
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(server.fingerprint).toMatch(FINGERPRINT)
    const certPem = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8')
    const dispatcher = trusting(certPem)

    const info = await undiciFetch(`${server.url}/api/parley/info/`, { dispatcher })
    expect(info.status).toBe(200)
    expect(((await info.json()) as { fingerprint?: string }).fingerprint).toBe(server.fingerprint)

    const registered = await undiciFetch(`${server.url}/api/auth/register/`, {
      dispatcher, method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'password-ada', full_name: 'Ada' }),
    })
    const { tokens } = (await registered.json()) as { tokens: { access: string } }

    // WSS on the same port, verified against the same certificate.
    const ws = new WebSocket(`${server.url.replace('https', 'wss')}/ws/conversations/?token=${tokens.access}`, { ca: certPem })
    const hello = await new Promise<{ type: string }>((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data)) as { type: string }))
      ws.once('error', reject)
    })
    expect(hello.type).toBe('connection_established')
    ws.close()

    // Plain http to the same port: a redirect to https on the same host and port.
    const port = new URL(server.url).port
    const plain = await fetch(`http://127.0.0.1:${port}/some/page?x=1`, { redirect: 'manual' })
    expect(plain.status).toBe(308)
    expect(plain.headers.get('location')).toBe(`https://127.0.0.1:${port}/some/page?x=1`)
    // Never an open redirect: a name this server does not answer to (DNS rebinding) gets no
    // https link built on it, and a Host header that is no host name gets none either.
    const foreign = await rawHttp(Number(port), 'GET / HTTP/1.1\r\nHost: evil.example\r\nx: "\r\n\r\n')
    expect(foreign).toMatch(/^HTTP\/1\.1 421/)
    expect(foreign).not.toContain('evil.example')
    const bad = await rawHttp(Number(port), 'GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n')
    expect(bad).toMatch(/^HTTP\/1\.1 400/)
    // The server went on serving after all of that.
    expect((await undiciFetch(`${server.url}/api/parley/info/`, { dispatcher })).status).toBe(200)
    await dispatcher.close()
  })

  it('keeps its certificate across restarts, and a client without it is refused', async () => {
    const dataDir = tempDir()
    const first = await start(dataDir, { tls: 'on' })
    const fingerprint = first.fingerprint
    await first.close()
    servers.splice(servers.indexOf(first), 1)
    const second = await start(dataDir, { tls: 'on' })
    expect(second.fingerprint).toBe(fingerprint)
    await expect(undiciFetch(`${second.url}/api/parley/info/`)).rejects.toThrow()
  })

  it('stays plain HTTP on loopback (auto) and with --tls off', async () => {
    const loopback = await start(tempDir())
    expect(loopback.url).toMatch(/^http:\/\//)
    expect(loopback.fingerprint).toBeNull()
    expect((await fetch(`${loopback.url}/api/parley/info/`)).status).toBe(200)
    const off = await start(tempDir(), { tls: 'off', host: '0.0.0.0' })
    expect(off.url).toMatch(/^http:\/\//)
    expect(off.fingerprint).toBeNull()
    expect((await fetch(`${off.url}/api/parley/info/`)).status).toBe(200)
  })

  it('refuses a certificate that is not for its key, in words', async () => {
    const a = tempDir()
    const b = tempDir()
    await loadOrCreateCertificate(a, { dns: ['a'], ips: [] })
    await loadOrCreateCertificate(b, { dns: ['b'], ips: [] })
    await expect(start(tempDir(), { tls: 'on', tlsCertFile: join(a, 'tls', 'cert.pem'), tlsKeyFile: join(b, 'tls', 'key.pem') }))
      .rejects.toThrow(/does not belong to the key/)
    const own = await start(tempDir(), { tls: 'on', tlsCertFile: join(a, 'tls', 'cert.pem'), tlsKeyFile: join(a, 'tls', 'key.pem') })
    expect(own.fingerprint).toBe(new X509Certificate(readFileSync(join(a, 'tls', 'cert.pem'))).fingerprint256)
  })
})

function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => socket.write(request))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}
