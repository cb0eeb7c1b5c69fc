// The server's TLS certificate: a self-signed ECDSA P-256 certificate made with
// @peculiar/x509 (Node makes keys but not certificates; never shell out to openssl), kept
// in <data>/tls/ and reused. Clients pin the PUBLIC KEY (SPKI SHA-256), people compare the
// certificate's SHA-256 fingerprint: so a renewal or a new set of addresses signs a new
// certificate with the SAME key pair, and no client sees a "changed certificate".
import { X509Certificate as NodeX509, createPrivateKey, createPublicKey, webcrypto } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'
// @peculiar/x509 resolves its providers with tsyringe, which needs the Reflect metadata API
// (the library's README asks for reflect-metadata). x509 itself is loaded with a dynamic
// import after this line: a bundler hoists static package imports above any code of ours.
import 'reflect-metadata'
import { fingerprintOf, spkiPinOf } from './fingerprint'
import { makePrivateFolder } from '../data-folder'

/** A fresh certificate is valid this long; 397 days is the most browsers accept for a leaf. */
export const CERT_LIFETIME_DAYS = 397
/** Renewed (same key) once fewer days than this remain. */
export const RENEW_BEFORE_DAYS = 30
const DAY_MS = 24 * 60 * 60 * 1000
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const

export interface ServerCertificate {
  keyPem: string
  certPem: string
  /** SHA-256 of the DER certificate, "AB:CD:…" (what a browser's certificate viewer shows). */
  fingerprint: string
  /** base64 SHA-256 of the SubjectPublicKeyInfo: what clients pin; survives renewals. */
  spki: string
  notAfter: Date
  /** DNS names and IP addresses the certificate names. */
  names: { dns: string[]; ips: string[] }
  /** True for a certificate given with --tls-cert/--tls-key (never renewed here). */
  provided: boolean
}

export interface CertificateNames {
  dns: string[]
  ips: string[]
}

export const tlsFolder = (dataDir: string): string => join(dataDir, 'tls')

/**
 * The certificate in <data>/tls, made on first use and renewed with the same key when it
 * nears expiry or does not name every wanted host/address. `now` is injectable for tests.
 */
export async function loadOrCreateCertificate(dataDir: string, wanted: CertificateNames, now = new Date()): Promise<ServerCertificate> {
  const folder = tlsFolder(dataDir)
  makePrivateFolder(folder)
  const keyFile = join(folder, 'key.pem')
  const certFile = join(folder, 'cert.pem')
  let keyPem: string
  if (existsSync(keyFile)) {
    keyPem = readFileSync(keyFile, 'utf8')
  } else {
    const pair = await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify'])
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey))
    keyPem = toPem(pkcs8, 'PRIVATE KEY')
    writePrivate(keyFile, keyPem)
  }
  chmodSync(keyFile, 0o600) // whatever the umask or an older copy left
  if (existsSync(certFile)) {
    const kept = describe(readFileSync(certFile, 'utf8'), keyPem, false)
    if (kept && !needsRenewal(kept, wanted, now)) return kept
  }
  const certPem = await signCertificate(keyPem, wanted, now)
  writePrivate(certFile, certPem)
  const made = describe(certPem, keyPem, false)
  if (!made) throw new Error('The new TLS certificate does not match its key')
  return made
}

/** A certificate of one's own (--tls-cert/--tls-key), checked to belong to the key. */
export function loadProvidedCertificate(certFile: string, keyFile: string): ServerCertificate {
  const read = (file: string, what: string): string => {
    try {
      return readFileSync(file, 'utf8')
    } catch {
      throw new Error(`Can't read the TLS ${what} file ${file}.`)
    }
  }
  const described = describe(read(certFile, 'certificate'), read(keyFile, 'key'), true)
  if (!described) throw new Error(`The TLS certificate ${certFile} does not belong to the key ${keyFile}.`)
  return described
}

export function needsRenewal(cert: ServerCertificate, wanted: CertificateNames, now: Date): boolean {
  if (cert.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return true
  const has = (list: string[], value: string) => list.includes(value.toLowerCase())
  return !wanted.dns.every((name) => has(cert.names.dns, name)) || !wanted.ips.every((ip) => has(cert.names.ips, ip))
}

async function signCertificate(keyPem: string, wanted: CertificateNames, now: Date): Promise<string> {
  // Loaded here, not at the top: bundlers hoist a package's static import above our own code,
  // and @peculiar/x509 needs reflect-metadata loaded before it.
  const x509 = await import('@peculiar/x509')
  // Node's WebCrypto is the DOM's Crypto; the node project has no DOM lib to name it by.
  const crypto = webcrypto as unknown as Parameters<typeof x509.SubjectKeyIdentifierExtension.create>[2]
  const privateObject = createPrivateKey(keyPem)
  const privateKey = await webcrypto.subtle.importKey('pkcs8', privateObject.export({ type: 'pkcs8', format: 'der' }), ECDSA, false, ['sign'])
  const spkiDer = createPublicKey(privateObject).export({ type: 'spki', format: 'der' })
  const publicKey = await webcrypto.subtle.importKey('spki', spkiDer, ECDSA, true, ['verify'])
  const dns = [...new Set(wanted.dns.map((n) => n.toLowerCase()))]
  const ips = [...new Set(wanted.ips.map((n) => n.toLowerCase()))]
  const commonName = (dns[0] ?? ips[0] ?? 'parley').replace(/[,+"\\<>;=]/g, '')
  // Backdated an hour: a guest whose clock runs a little slow still accepts it.
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000)
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${commonName}, O=Parley`,
    notBefore,
    notAfter: new Date(now.getTime() + CERT_LIFETIME_DAYS * DAY_MS),
    signingAlgorithm: SIGNING,
    keys: { privateKey, publicKey },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...dns.map((value) => ({ type: 'dns' as const, value })),
        ...ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
    ],
  }, crypto)
  return cert.toString('pem')
}

/** What a PEM certificate says, or null when it is unreadable or not for this key. */
function describe(certPem: string, keyPem: string, provided: boolean): ServerCertificate | null {
  let cert: NodeX509
  try {
    cert = new NodeX509(certPem)
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return null
  } catch {
    return null
  }
  return {
    keyPem,
    certPem,
    fingerprint: fingerprintOf(cert.raw),
    spki: spkiPinOf(cert.publicKey.export({ type: 'spki', format: 'der' })),
    notAfter: new Date(cert.validTo),
    names: namesOf(cert.subjectAltName ?? ''),
    provided,
  }
}

/** Node's subjectAltName text: 'DNS:a, DNS:b, IP Address:1.2.3.4'. */
function namesOf(subjectAltName: string): CertificateNames {
  const dns: string[] = []
  const ips: string[] = []
  for (const part of subjectAltName.split(/,\s*/)) {
    if (part.startsWith('DNS:')) dns.push(part.slice(4).toLowerCase())
    else if (part.startsWith('IP Address:')) ips.push(normalizeIp(part.slice(11)))
  }
  return { dns, ips }
}

function normalizeIp(ip: string): string {
  // Node prints IPv6 SANs in full ('0:0:0:0:0:0:0:1'); compare in the short form.
  if (isIP(ip) !== 6) return ip
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1).toLowerCase()
}

function toPem(der: Buffer, label: string): string {
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n')
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`
}

/** Written to a temp file first (0600) and renamed: a crash never leaves half a key. */
function writePrivate(file: string, text: string): void {
  const temp = `${file}.tmp`
  writeFileSync(temp, text, { mode: 0o600 })
  chmodSync(temp, 0o600)
  renameSync(temp, file)
}
