// Who may create an account over REST: nobody ('closed', the default), anyone ('open', the
// seed behaviour), or whoever holds an unused invite code ('invite'). The host changes the
// mode while the server runs; /api/parley/info/ and the mDNS TXT record follow it.
import type { User } from '../../../src-shared/protocol/types'
import { HttpError } from '../http/respond'
import type { Registration } from '../options'
import type { InvitesStore, Storage } from '../storage/storage'

const CLOSED = 'Registration is closed on this server. Ask its host for an account.'
export const INVITE_MESSAGES = {
  required: 'This server needs an invite code to create an account. Ask its host for one.',
  unknown: 'This invite code is not valid. Check it with the host.',
  used: 'This invite code has already been used. Ask the host for a new one.',
} as const

export class RegistrationPolicy {
  private current: Registration
  private readonly listeners = new Set<(mode: Registration) => void>()
  readonly invites: InvitesStore
  private readonly users: Storage['users']

  constructor(storage: Pick<Storage, 'invites' | 'users'>, initial: Registration) {
    this.current = initial
    this.invites = storage.invites
    this.users = storage.users
  }

  get mode(): Registration {
    return this.current
  }

  setMode(mode: Registration): void {
    if (mode === this.current) return
    this.current = mode
    for (const listener of this.listeners) listener(mode)
  }

  onChange(listener: (mode: Registration) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Answers 403 before the body is read when nobody may register. */
  ensureAccepting(): void {
    if (this.current === 'closed') throw new HttpError(403, { detail: CLOSED })
  }

  get needsInvite(): boolean {
    return this.current === 'invite'
  }

  /**
   * Creates the account with `create` (null when the email is taken), spending an invite
   * code in invite mode. A taken email is answered before the code is claimed, so a code
   * is only spent by an account that gets created; the claim itself is one conditional
   * update, so a code is never spent twice. Invite problems are DRF-style 400s on `invite_code`.
   */
  async admit(email: string, inviteCode: string | undefined, create: () => Promise<User | null>): Promise<User | null> {
    this.ensureAccepting() // the host may have closed registration while the password hashed
    const needsInvite = this.needsInvite
    if (needsInvite && !inviteCode) throw new HttpError(400, { invite_code: [INVITE_MESSAGES.required] })
    if (needsInvite) {
      if ((await this.users.findByEmail(email))?.active) return null
      const claim = await this.invites.claim(inviteCode as string)
      if (claim !== 'claimed') throw new HttpError(400, { invite_code: [INVITE_MESSAGES[claim]] })
    }
    if (!needsInvite) return create()
    // The code is claimed before the account is written, so two registrations cannot share
    // it; when no account comes of it (the same new email registered meanwhile with another
    // code, on this node or another: there is no transaction across the two stores; or a
    // failed write), it is given back, not lost.
    let user: User | null = null
    try {
      user = await create()
    } finally {
      if (user) await this.invites.recordUser(inviteCode as string, user.id)
      else await this.invites.unclaim(inviteCode as string)
    }
    return user
  }
}
