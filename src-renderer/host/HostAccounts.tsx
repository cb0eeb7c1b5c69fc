// Running: the accounts on this server. Create one (for people without the app, or when
// registration is closed), set a new password, remove an account.
import { useCallback, useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import type { User } from '../../src-shared/protocol/types'
import { useActions } from '../store/StoreProvider'
import { useAttempt } from './useHost'

export function HostAccounts({ hostAccount }: { hostAccount: string | null }) {
  const { bridge } = useActions()
  const [users, setUsers] = useState<User[]>([])
  const [email, setEmail] = useState('')
  const [fullName, setFullName] = useState('')
  const [password, setPassword] = useState('')
  const [resetting, setResetting] = useState<string | null>(null)
  const [newPassword, setNewPassword] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  const { error, busy, attempt } = useAttempt()

  const reload = useCallback(() => bridge().invoke('host:users').then(setUsers, () => undefined), [bridge])
  useEffect(() => void reload(), [reload])

  async function create(event: FormEvent) {
    event.preventDefault()
    const ok = await attempt(() => bridge().invoke('host:create-user', { email: email.trim(), fullName: fullName.trim(), password }))
    if (!ok) return
    setNotice(`Account created for ${email.trim()}. Give them the password in person.`)
    setEmail('')
    setFullName('')
    setPassword('')
    await reload()
  }

  async function reset(event: FormEvent) {
    event.preventDefault()
    if (!resetting) return
    const ok = await attempt(() => bridge().invoke('host:reset-password', { email: resetting, password: newPassword }))
    if (!ok) return
    setNotice(`New password set for ${resetting}.`)
    setResetting(null)
    setNewPassword('')
  }

  async function remove(user: User) {
    if (!window.confirm(`Remove ${user.email}? They are signed out at once; their messages stay.`)) return
    if (await attempt(() => bridge().invoke('host:remove-user', user.email))) await reload()
  }

  return (
    <section className="host-section" aria-labelledby="host-accounts-title">
      <h3 id="host-accounts-title">Accounts</h3>
      <ul className="host-list" aria-label="Accounts">
        {users.map((user) => (
          <li key={user.id}>
            <span className="host-list-text"><span>{user.full_name || user.email}</span><span className="muted">{user.email}</span></span>
            {user.email !== hostAccount && (
              <span className="host-list-actions">
                <button type="button" className="button button-small" onClick={() => { setResetting(user.email); setNewPassword('') }}
                  aria-label={`Reset password of ${user.email}`}>Reset password</button>
                <button type="button" className="button button-small" onClick={() => void remove(user)}
                  aria-label={`Remove ${user.email}`}>Remove</button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {resetting && (
        <form className="host-inline-form" onSubmit={reset} aria-label={`New password for ${resetting}`}>
          <label className="field host-form-grow">
            <span>New password for {resetting}</span>
            <input type="password" autoComplete="new-password" minLength={8} value={newPassword} onChange={(e) => setNewPassword(e.target.value)} required />
          </label>
          <button type="submit" className="button" disabled={busy}>Set password</button>
          <button type="button" className="button" onClick={() => setResetting(null)}>Cancel</button>
        </form>
      )}
      <form className="host-inline-form" onSubmit={create} aria-label="Create an account">
        <label className="field"><span>Full name</span><input value={fullName} onChange={(e) => setFullName(e.target.value)} required /></label>
        <label className="field"><span>Email</span><input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required /></label>
        <label className="field"><span>Password</span>
          <input type="password" autoComplete="new-password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" className="button" disabled={busy}>Create account</button>
      </form>
      {error && <p className="callout callout-error" role="alert">{error}</p>}
      {notice && !error && <p className="muted" role="status">{notice}</p>}
    </section>
  )
}
