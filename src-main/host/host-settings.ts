// What the host chose (address, port, registration, name), whether hosting was on, and the
// port of the "this computer only" server, kept in the app's settings so hosting resumes
// after a restart and saved accounts on this computer keep their address. Validated on
// read: a hand-edited file falls back to defaults instead of failing.
import { hostname } from 'node:os'
import { z } from 'zod'
import { hostConfigSchema, type HostConfig } from '../../src-shared/ipc/contract'
import type { KeyValueBackend } from '../client/settings-store'

const KEY = 'lanHost'

/** Where the loopback-only server's port was kept before it ran under the host controller. */
const LEGACY_LOCAL_PORT_KEY = 'localServerPort'

const portSchema = z.number().int().min(1).max(65_535)

const storedSchema = z.object({
  config: hostConfigSchema,
  enabled: z.boolean(),
  /** The port "this computer only" last listened on (the system picked it the first time). */
  localPort: portSchema.nullable().default(null),
})
export type StoredHost = z.infer<typeof storedSchema>

export function defaultHostConfig(): HostConfig {
  return { address: '0.0.0.0', port: 8000, registration: 'closed', name: `Parley on ${hostname()}`.slice(0, 63) }
}

export function readHostSettings(store: KeyValueBackend): StoredHost {
  const parsed = storedSchema.safeParse(store.get(KEY))
  const stored = parsed.success ? parsed.data : { config: defaultHostConfig(), enabled: false, localPort: null }
  if (stored.localPort === null) {
    // Installs from before: their accounts on this computer name the port kept there.
    const legacy = portSchema.safeParse(store.get(LEGACY_LOCAL_PORT_KEY))
    if (legacy.success) return { ...stored, localPort: legacy.data }
  }
  return stored
}

export function writeHostSettings(store: KeyValueBackend, value: StoredHost): void {
  store.set(KEY, value)
  store.delete(LEGACY_LOCAL_PORT_KEY)
}
