// What the host chose (address, port, registration, name) and whether hosting was on, kept
// in the app's settings so hosting resumes after a restart. Validated on read: a
// hand-edited file falls back to defaults instead of failing.
import { hostname } from 'node:os'
import { z } from 'zod'
import { hostConfigSchema, type HostConfig } from '../../src-shared/ipc/contract'
import type { KeyValueBackend } from '../client/settings-store'

const KEY = 'lanHost'

const storedSchema = z.object({
  config: hostConfigSchema,
  enabled: z.boolean(),
})
export type StoredHost = z.infer<typeof storedSchema>

export function defaultHostConfig(): HostConfig {
  return { address: '0.0.0.0', port: 8000, registration: 'closed', name: `Parley on ${hostname()}`.slice(0, 63) }
}

export function readHostSettings(store: KeyValueBackend): StoredHost {
  const parsed = storedSchema.safeParse(store.get(KEY))
  return parsed.success ? parsed.data : { config: defaultHostConfig(), enabled: false }
}

export function writeHostSettings(store: KeyValueBackend, value: StoredHost): void {
  store.set(KEY, value)
}
