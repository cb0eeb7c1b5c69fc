// Main's pinned transport against a real TLS server (issue 8): a self-signed certificate is
// refused on first use with its fingerprint, trusted once pinned (REST, sockets and file
// transfers), refused when it changes, accepted when a join link names it, kept across a
// renewal with the same key; a certificate from a CA the client trusts just works.
import { createHash, randomBytes, webcrypto } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { afterEach, describe, expect, it } from 'vitest'
import type { CertificateCheck, OutboxItem, SessionInfo } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import { loadOrCreateCertificate } from '../../src-main/server/tls/certificate'
import { certificateNames } from '../../src-main/server/tls/server-tls'
import { createPinnedTransport } from '../../src-main/client/tls/pinned-transport'
import { createPinStore } from '../../src-main/client/tls/pin-store'
import { startEmbeddedServer, type EmbeddedServer, type EmbeddedServerOptions } from './support/embedded-server'
import { createUser, value, type TestUser } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'
import { waitUntil } from './support/wait'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function tlsServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const server = await startEmbeddedServer({ registration: 'open', tls: 'on', ...options })
  cleanups.push(() => server.close())
  return server
}

async function mainProcess(tlsRoots?: string[]): Promise<TestMainProcess> {
  const dataDir = await makeTempDir()
  const main = await startTestMainProcess({ dataDir, ...(tlsRoots ? { tlsRoots } : {}) })
  cleanups.push(() => removeDir(dataDir), () => main.stop())
  return main
}

const signIn = (main: TestMainProcess, server: string, user: TestUser) =>
  main.invoke('session:sign-in', { server, email: user.email, password: user.password })

/** A TLS server whose certificate was trusted (first use), signed in once, then signed out. */
async function trustedAndSignedOut() {
  const server = await tlsServer()
  const before = server.running().fingerprint!
  const main = await mainProcess()
  const ada = await createUser(server, 'Ada')
  await signIn(main, server.url, ada)
  value(await main.invoke('tls:trust', { server: server.url, fingerprint: before }))
  value<SessionInfo>(await signIn(main, server.url, ada))
  value(await main.invoke('session:sign-out'))
  return { server, main, ada, before }
}

describe('trust on first use', () => {
  it('refuses an unknown certificate with its fingerprint, then REST, sockets and files work once it is trusted', async () => {
    const server = await tlsServer()
    const fingerprint = server.running().fingerprint!
    const main = await mainProcess()
    const ada = await createUser(server, 'Ada')
    const bob = await createUser(server, 'Bob')
    const conversationId = (await server.admin.createConversation([ada.id, bob.id])).id

    // Typed the way people do, without a scheme: the plain-http redirect leads to https.
    const typed = `127.0.0.1:${server.port}`
    const refused = await signIn(main, typed, ada)
    expect(refused).toMatchObject({ ok: false, error: { code: 'untrusted-certificate' } })
    expect(refused.ok ? '' : refused.error.message).toContain(fingerprint)
    const check = value<CertificateCheck>(await main.invoke('tls:certificate', typed))
    expect(check).toEqual({ server: server.url, fingerprint, reason: 'untrusted', previousFingerprint: null, expected: null })
    expect(value(await main.invoke('session:get'))).toBeNull()

    // Only the certificate actually seen can be trusted.
    const wrong = await main.invoke('tls:trust', { server: typed, fingerprint: fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00') })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'not-found' } })
    value(await main.invoke('tls:trust', { server: typed, fingerprint: fingerprint.toLowerCase() }))

    const session = value<SessionInfo>(await signIn(main, typed, ada))
    expect(session.server).toBe(server.url)
    // A socket: the message comes back over the pinned wss connection.
    value<OutboxItem>(await main.invoke('messages:send-text', conversationId, 'over tls'))
    await waitUntil(() => main.events.some((e) => e.event === 'message' && (e.payload as Message).content === 'over tls'), 'the echo over wss')
    // A file out (chunks over wss) and back in (download over the pinned https).
    const bytes = randomBytes(300_000)
    const path = join(main.paths.data, 'report.bin')
    await writeFile(path, bytes)
    value(await main.invoke('messages:send-file', conversationId, path))
    await waitUntil(() => main.events.some((e) => e.event === 'message' && (e.payload as Message).file_attachment?.filename === 'report.bin'), 'the file', 60_000)
    const message = main.events.find((e) => e.event === 'message' && (e.payload as Message).file_attachment?.filename === 'report.bin')!.payload as Message
    expect(message.file_attachment!.file_url).toMatch(/^https:\/\//)
    main.dialogs.nextSaveTarget = join(main.paths.data, 'saved.bin')
    expect(value(await main.invoke('files:save-as', conversationId, message.id))).toBe(true)
    expect(createHash('sha256').update(await readFile(join(main.paths.data, 'saved.bin'))).digest('hex'))
      .toBe(createHash('sha256').update(bytes).digest('hex'))

    // Once the server has closed the idle keep-alive connection (5 s), the next request is a
    // new TLS connection; a resumed TLS session would show no certificate to judge.
    await new Promise((resolve) => setTimeout(resolve, 5_500))
    expect((await main.ipc.transport.fetch(`${server.url}/api/parley/info/`)).status).toBe(200)
  })

  it('refuses a changed certificate in words, for REST and sockets, until the person re-trusts it', async () => {
    const { server, main, ada, before } = await trustedAndSignedOut()

    // The server comes back on the same address with another key (reinstalled, or someone else).
    await server.stop()
    await rm(join(server.dataDir, 'tls'), { recursive: true, force: true })
    await server.start()
    const after = server.running().fingerprint!
    expect(after).not.toBe(before)

    const refused = await signIn(main, server.url, ada)
    expect(refused).toMatchObject({ ok: false, error: { code: 'untrusted-certificate', message: expect.stringMatching(/has changed since you trusted it/) } })
    expect(value<CertificateCheck>(await main.invoke('tls:certificate', server.url)))
      .toMatchObject({ reason: 'changed', previousFingerprint: before, fingerprint: after })

    // A socket to it is refused before anything is sent: the server never sees a connection.
    const transport = main.ipc.transport
    const socket = new transport.WebSocket(`${server.url.replace('https', 'wss')}/ws/conversations/?token=not-sent`)
    const outcome = await new Promise<string>((resolve) => {
      socket.onerror = () => {}
      socket.onopen = () => resolve('open')
      socket.onclose = () => resolve('closed')
    })
    expect(outcome).toBe('closed')
    expect(server.running().lan.presence()).toEqual([])

    value(await main.invoke('tls:trust', { server: server.url, fingerprint: after }))
    expect(value<SessionInfo>(await signIn(main, server.url, ada)).user.id).toBe(ada.id)
  })

  it('trusts the certificate a join link names, and refuses one that is not it', async () => {
    const server = await tlsServer()
    const fingerprint = server.running().fingerprint!
    const ada = await createUser(server, 'Ada')
    const other = fingerprint.split(':').reverse().join(':')

    const wary = await mainProcess()
    const mismatch = await signIn(wary, `${server.url}/#fp=${other}`, ada)
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'untrusted-certificate', message: expect.stringMatching(/not the one your join link names/) } })
    expect(value<CertificateCheck>(await wary.invoke('tls:certificate', server.url)))
      .toMatchObject({ reason: 'mismatch', fingerprint, expected: { fingerprint: other, source: 'join-link' } })

    const main = await mainProcess()
    const session = value<SessionInfo>(await signIn(main, `${server.url}/#fp=${fingerprint}`, ada))
    expect(session.server).toBe(server.url)
    // Pinned now: the plain address works from then on.
    value(await main.invoke('session:sign-out'))
    value<SessionInfo>(await signIn(main, server.url, ada))
  })

  it('shows, but never trusts on its own, a fingerprint from an mDNS announcement', async () => {
    const server = await tlsServer()
    const fingerprint = server.running().fingerprint!
    const main = await mainProcess()
    const ada = await createUser(server, 'Ada')
    const refused = await main.invoke('session:sign-in', { server: server.url, email: ada.email, password: ada.password, announcedFingerprint: fingerprint })
    expect(refused).toMatchObject({ ok: false, error: { code: 'untrusted-certificate' } })
    expect(value<CertificateCheck>(await main.invoke('tls:certificate', server.url)))
      .toMatchObject({ reason: 'untrusted', fingerprint, expected: { fingerprint, source: 'mdns' } })
  })

  it('keeps trusting a server whose certificate was renewed with the same key', async () => {
    const { server, main, ada, before } = await trustedAndSignedOut()

    await server.stop()
    // A renewal that also names a new address: same key, new certificate.
    const names = certificateNames('127.0.0.1')
    const renewed = await loadOrCreateCertificate(server.dataDir, { dns: names.dns, ips: [...names.ips, '10.20.30.40'] }, new Date(Date.now() + 380 * 86_400_000))
    await server.start()
    expect(server.running().fingerprint).toBe(renewed.fingerprint)
    expect(renewed.fingerprint).not.toBe(before)
    expect(value<SessionInfo>(await signIn(main, server.url, ada)).user.id).toBe(ada.id)
    expect(value(await main.invoke('tls:certificate', server.url))).toBeNull()
  })
})

describe('a certificate a CA vouches for', () => {
  it('just works, with nothing to trust; a name it does not carry is not vouched for', async () => {
    const dir = await makeTempDir('parley-ca-')
    cleanups.push(() => removeDir(dir))
    const ca = await makeCa()
    const leaf = await ca.issue(['127.0.0.1'])
    await writeFile(join(dir, 'cert.pem'), leaf.certPem)
    await writeFile(join(dir, 'key.pem'), leaf.keyPem, { mode: 0o600 })
    const server = await tlsServer({ tlsCertFile: join(dir, 'cert.pem'), tlsKeyFile: join(dir, 'key.pem') })
    const ada = await createUser(server, 'Ada')

    const main = await mainProcess([ca.certPem])
    expect(value<SessionInfo>(await signIn(main, server.url, ada)).server).toBe(server.url)
    expect(value(await main.invoke('tls:certificate', server.url))).toBeNull()

    // The same CA, but "localhost" is not a name on the certificate: back to asking.
    const named = await signIn(main, server.url.replace('127.0.0.1', 'localhost'), ada)
    expect(named).toMatchObject({ ok: false, error: { code: 'untrusted-certificate' } })
  })

  it('the transport alone: a pin file entry that is garbage is ignored, not a crash', async () => {
    const values = new Map<string, unknown>([['tlsPins', { 'https://x:1': { spki: 5 }, 'https://y:2': 'nope' }]])
    const pins = createPinStore({ get: (k) => values.get(k), set: (k, v) => void values.set(k, v), delete: (k) => void values.delete(k) })
    expect(pins.get('https://x:1')).toBeNull()
    const transport = createPinnedTransport({ pins })
    expect(transport.refusal('https://x:1')).toBeNull()
    await transport.close()
  })
})

async function makeCa() {
  const crypto = webcrypto as unknown as Crypto
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
  const caKeys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=Parley Test CA', notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: alg, keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  }, crypto)
  const pem = async (key: CryptoKey) => {
    const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key)).toString('base64')
    return `-----BEGIN PRIVATE KEY-----\n${der.replace(/.{1,64}/g, '$&\n')}-----END PRIVATE KEY-----\n`
  }
  return {
    certPem: caCert.toString('pem'),
    async issue(ips: string[]) {
      const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: '02', subject: 'CN=parley', issuer: caCert.subject,
        notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 86_400_000),
        signingAlgorithm: alg, publicKey: keys.publicKey, signingKey: caKeys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(ips.map((value) => ({ type: 'ip' as const, value }))),
        ],
      }, crypto)
      return { certPem: cert.toString('pem'), keyPem: await pem(keys.privateKey) }
    },
  }
}
