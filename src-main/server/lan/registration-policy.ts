// Who may create an account over REST: nobody ('closed', the default), anyone ('open', the
// seed behaviour), or whoever holds an unused invite code ('invite'). The host changes the
// mode while the server runs; /api/parley/info/ and the mDNS TXT record follow it.
import type { User } from '../../../src-shared/protocol/types'
import type { Db } from '../db/open-database'
import { HttpError } from '../http/respond'
import type { Registration } from '../options'
import { InvitesRepo } from './invites-repo'

const CLOSED = 'Registration is closed on this server. Ask its host for an account.'
export const INVITE_MESSAGES = {
  required: 'This server needs an invite code to create an account. Ask its host for one.',
  unknown: 'This invite code is not valid. Check it with the host.',
  used: 'This invite code has already been used. Ask the host for a new one.',
} as const

class RolledBack extends Error {}

export class RegistrationPolicy {
  private current: Registration
  private readonly listeners = new Set<(mode: Registration) => void>()
  readonly invites: InvitesRepo

  constructor(private readonly db: Db, initial: Registration) {
    this.current = initial
    this.invites = new InvitesRepo(db)
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
   * Runs `create` (which returns null when the email is taken) in one transaction with the
   * invite claim, so a code is only spent by an account that really got created, and a code
   * is never spent twice. Invite problems are DRF-style 400s on `invite_code`.
   */
  admit(inviteCode: string | undefined, create: () => User | null): User | null {
    this.ensureAccepting() // the host may have closed registration while the password hashed
    const needsInvite = this.needsInvite
    if (needsInvite && !inviteCode) throw new HttpError(400, { invite_code: [INVITE_MESSAGES.required] })
    try {
      return this.db.transaction(() => {
        if (needsInvite) {
          const claim = this.invites.claim(inviteCode as string)
          if (claim !== 'claimed') throw new HttpError(400, { invite_code: [INVITE_MESSAGES[claim]] })
        }
        const user = create()
        if (!user) throw new RolledBack()
        if (needsInvite) this.invites.recordUser(inviteCode as string, user.id)
        return user
      })()
    } catch (error) {
      if (error instanceof RolledBack) return null
      throw error
    }
  }
}
