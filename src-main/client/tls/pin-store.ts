// Trust on first use, as ssh does: per server origin, the public key (SPKI SHA-256) a person
// trusted, kept in main's settings store next to the accounts. The certificate fingerprint
// is kept too, for showing (it changes on a renewal with the same key; the pin does not).
import { z } from 'zod'
import type { CertificateSource } from '../../../src-shared/ipc/contract'
import type { KeyValueBackend } from '../settings-store'

const KEY = 'tlsPins'

export interface Pin {
  spki: string
  fingerprint: string
  source: CertificateSource
  trustedAt: string
}

const pinSchema = z.object({
  spki: z.string().min(1).max(200),
  fingerprint: z.string().min(1).max(200),
  source: z.enum(['typed', 'mdns', 'join-link']).catch('typed'),
  trustedAt: z.string().max(64),
})

export interface PinStore {
  get(origin: string): Pin | null
  set(origin: string, pin: Pin): void
  remove(origin: string): void
}

export function createPinStore(backend: KeyValueBackend): PinStore {
  // A hand-edited or older file must not crash the app: bad entries are dropped.
  const all = (): Record<string, Pin> => {
    const raw = backend.get(KEY)
    if (typeof raw !== 'object' || raw === null) return {}
    const pins: Record<string, Pin> = {}
    for (const [origin, value] of Object.entries(raw as Record<string, unknown>)) {
      const parsed = pinSchema.safeParse(value)
      if (parsed.success) pins[origin] = parsed.data
    }
    return pins
  }
  return {
    get: (origin) => all()[origin] ?? null,
    set(origin, pin) {
      backend.set(KEY, { ...all(), [origin]: pin })
    },
    remove(origin) {
      const pins = all()
      delete pins[origin]
      backend.set(KEY, pins)
    },
  }
}
