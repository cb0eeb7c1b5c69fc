// Running, registration by invite: codes that each let one person create an account.
import { useCallback, useEffect, useState } from 'react'
import type { InviteCode } from '../../src-shared/ipc/contract'
import { useActions } from '../store/StoreProvider'
import { copyText, useAttempt } from './useHost'

export function HostInvites() {
  const { bridge } = useActions()
  const [invites, setInvites] = useState<InviteCode[]>([])
  const { error, busy, attempt } = useAttempt()
  const reload = useCallback(() => bridge().invoke('host:invites').then(setInvites, () => undefined), [bridge])
  useEffect(() => void reload(), [reload])

  return (
    <section className="host-section" aria-labelledby="host-invites-title">
      <h3 id="host-invites-title">Invite codes</h3>
      <p className="muted">Each code creates one account. Give it to the person with the join address.</p>
      <ul className="host-list" aria-label="Invite codes">
        {invites.map((invite) => (
          <li key={invite.code}>
            <span className="host-list-text">
              <code className="host-code">{invite.code}</code>
              <span className="muted">{invite.usedAt ? `Used by ${invite.usedBy ?? 'a removed account'}` : 'Not used yet'}</span>
            </span>
            {!invite.usedAt && (
              <span className="host-list-actions">
                <button type="button" className="button button-small" aria-label={`Copy ${invite.code}`} onClick={() => void copyText(invite.code)}>Copy</button>
                <button type="button" className="button button-small" aria-label={`Revoke ${invite.code}`}
                  onClick={() => void attempt(() => bridge().invoke('host:revoke-invite', invite.code)).then(reload)}>Revoke</button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <button type="button" className="button" disabled={busy}
        onClick={() => void attempt(() => bridge().invoke('host:create-invite')).then(reload)}>New invite code</button>
      {error && <p className="callout callout-error" role="alert">{error}</p>}
    </section>
  )
}
