// Settings and the list of configured accounts, kept with electron-store in the app and
// with `conf` (the library electron-store is built on, same interface) in tests. No
// secrets here: tokens live in the SecretStore. What is read back is validated, because
// a hand-edited or older file must not crash the app.
import { z } from 'zod'
import type { Settings } from '../../src-shared/ipc/contract'

/** The part of Conf / electron-store this module uses. */
export interface KeyValueBackend {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}

export interface StoredAccount {
  accountId: string
  server: string
  email: string
  fullName: string
  userId: number
}

const settingsSchema = z.object({
  closeToTray: z.boolean().catch(true),
  notifications: z.boolean().catch(true),
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
})
export const defaultSettings: Settings = { closeToTray: true, notifications: true, theme: 'system' }

const accountSchema = z.object({
  accountId: z.string().min(1),
  server: z.string().min(1),
  email: z.string(),
  fullName: z.string(),
  userId: z.number().int().positive(),
})

export interface SettingsStore {
  settings(): Settings
  updateSettings(patch: Partial<Settings>): Settings
  accounts(): StoredAccount[]
  account(accountId: string): StoredAccount | null
  saveAccount(account: StoredAccount): void
  removeAccount(accountId: string): void
  activeAccountId(): string | null
  setActiveAccountId(accountId: string | null): void
}

export function createSettingsStore(backend: KeyValueBackend): SettingsStore {
  function settings(): Settings {
    const parsed = settingsSchema.safeParse(backend.get('settings') ?? {})
    return parsed.success ? parsed.data : { ...defaultSettings }
  }

  function accounts(): StoredAccount[] {
    const raw = backend.get('accounts')
    if (!Array.isArray(raw)) return []
    return raw.flatMap((entry) => {
      const parsed = accountSchema.safeParse(entry)
      return parsed.success ? [parsed.data] : []
    })
  }

  return {
    settings,
    updateSettings(patch) {
      const next = { ...settings(), ...patch }
      backend.set('settings', next)
      return next
    },
    accounts,
    account: (accountId) => accounts().find((account) => account.accountId === accountId) ?? null,
    saveAccount(account) {
      const others = accounts().filter((existing) => existing.accountId !== account.accountId)
      backend.set('accounts', [...others, account])
    },
    removeAccount(accountId) {
      backend.set('accounts', accounts().filter((account) => account.accountId !== accountId))
      if (backend.get('activeAccountId') === accountId) backend.delete('activeAccountId')
    },
    activeAccountId() {
      const id = backend.get('activeAccountId')
      return typeof id === 'string' && accounts().some((account) => account.accountId === id) ? id : null
    },
    setActiveAccountId(accountId) {
      if (accountId === null) backend.delete('activeAccountId')
      else backend.set('activeAccountId', accountId)
    },
  }
}
