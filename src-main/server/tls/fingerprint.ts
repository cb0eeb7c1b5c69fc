// The two names of a certificate: the fingerprint people compare (SHA-256 of the whole
// certificate, written by src-shared/protocol/fingerprint.ts) and the pin clients keep
// (base64 SHA-256 of the public key, as HPKP did: a renewed certificate with the same key
// stays trusted). The server, the host and main's pinning all compute them here.
import { createHash } from 'node:crypto'
import { normalizeFingerprint } from '../../../src-shared/protocol/fingerprint'

export function fingerprintOf(der: Uint8Array): string {
  return normalizeFingerprint(createHash('sha256').update(der).digest('hex'))!
}

export function spkiPinOf(spkiDer: Uint8Array): string {
  return createHash('sha256').update(spkiDer).digest('base64')
}
