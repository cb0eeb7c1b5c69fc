// The host's administration surface beyond accounts (admin.ts): registration mode, invite
// codes and who is connected. Reached only through the utilityProcess port (the desktop
// host) or the CLI on the data folder: never over the network.
import type { InviteCode, PresenceEntry } from '../../../src-shared/ipc/contract'
import type { Hub } from '../realtime/hub'
import type { Registration } from '../options'
import type { RegistrationPolicy } from './registration-policy'

export interface LanAdmin {
  registration(): Registration
  setRegistration(mode: Registration): void
  onRegistrationChange(listener: (mode: Registration) => void): () => void
  createInvite(): Promise<InviteCode>
  listInvites(): Promise<InviteCode[]>
  /** Deletes an unused code; throws when there is none like it. */
  revokeInvite(code: string): Promise<void>
  /** Every signed-in person with at least one open socket, by name. */
  presence(): PresenceEntry[]
  /** Called (at most once per turn of the event loop) when someone connects or leaves. */
  onPresenceChange(listener: () => void): () => void
}

export class LanAdminError extends Error {}

export function createLanAdmin(hub: Hub, policy: RegistrationPolicy): LanAdmin {
  return {
    registration: () => policy.mode,
    setRegistration: (mode) => policy.setMode(mode),
    onRegistrationChange: (listener) => policy.onChange(listener),
    createInvite: () => policy.invites.create(),
    listInvites: () => policy.invites.list(),
    async revokeInvite(code) {
      if (!(await policy.invites.revoke(code))) throw new LanAdminError('No unused invite code like that')
    },
    presence: () => presenceOf(hub),
    onPresenceChange(listener) {
      // A page load opens several sockets at once: tell listeners once, not per socket.
      let queued = false
      return hub.onChange(() => {
        if (queued) return
        queued = true
        setImmediate(() => {
          queued = false
          listener()
        })
      })
    },
  }
}

export function presenceOf(hub: Hub): PresenceEntry[] {
  const byUser = new Map<number, PresenceEntry>()
  for (const connection of hub.all()) {
    if (!connection.isOpen) continue
    const entry = byUser.get(connection.user.id)
    if (entry) entry.sockets += 1
    else byUser.set(connection.user.id, { user: connection.user, sockets: 1 })
  }
  return [...byUser.values()].sort((a, b) => a.user.full_name.localeCompare(b.user.full_name) || a.user.id - b.user.id)
}
