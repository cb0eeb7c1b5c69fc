import { useEffect, useId, useState } from 'react'
import type { FormEvent } from 'react'
import { useActions, useApp } from '../store/StoreProvider'
import { ChatIcon } from '../ui/icons'
import { DiscoveredHosts } from '../host/DiscoveredHosts'
import { HostLauncher } from '../host/HostLauncher'
import { recentServers } from './recentServers'
import { describeProbe, useServerProbe } from './useServerProbe'
import { CertificateDialog, type AddressOrigin } from './CertificateDialog'

type Mode = 'sign-in' | 'register'

export function SignInScreen() {
  const actions = useActions()
  const reason = useApp((state) => state.signedOutReason)
  const [recents, setRecents] = useState<string[]>(() => recentServers())
  const [server, setServer] = useState(() => recents[0] ?? '')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [fullName, setFullName] = useState('')
  const [inviteCode, setInviteCode] = useState('')
  const [mode, setMode] = useState<Mode>('sign-in')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // The host picked from "On this network" (its announcement's fingerprint), while the field still holds its address.
  const [picked, setPicked] = useState<{ url: string; fingerprint: string | null } | null>(null)
  const [askTrust, setAskTrust] = useState<{ server: string; origin: AddressOrigin } | null>(null)
  const probe = useServerProbe(server)
  const listId = useId()

  const [secretWarning, setSecretWarning] = useState(false)
  useEffect(() => {
    actions.appInfo()
      .then((info) => {
        // Prefill the server this app hosts itself, unless the user already has one.
        if (info.localServerUrl) setServer((current) => current || info.localServerUrl!)
        setSecretWarning(info.secretStorage === 'unavailable')
      })
      .catch(() => undefined)
    actions.listAccounts()
      .then((accounts) => setRecents((current) => [...new Set([...current, ...accounts.map((a) => a.server)])]))
      .catch(() => undefined)
  }, [actions])

  // A parley: link (at launch or while the app runs) fills in its join link, fingerprint and all.
  useEffect(() => {
    const api = actions.bridge()
    const take = () => {
      api.invoke('app:take-join-link').then((url) => {
        if (url) setServer(url)
      }, () => undefined)
    }
    take()
    return api.on('join-link', take)
  }, [actions])

  const probeText = probe.status === 'done' && probe.probe ? describeProbe(probe.probe, probe.server) : null
  const canRegister = probe.probe?.ok === true && probe.probe.registration !== 'closed'
  const registering = mode === 'register' && canRegister
  const needsInvite = registering && probe.probe?.registration === 'invite'

  const discovered = picked !== null && picked.url === server.trim()
  const addressOrigin: AddressOrigin = server.includes('#fp=') ? 'join-link' : discovered ? 'discovered' : 'typed'

  async function submit(event?: FormEvent) {
    event?.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    const announced = discovered && picked?.fingerprint ? { announcedFingerprint: picked.fingerprint } : {}
    const fields = { server: server.trim(), email: email.trim(), password, ...announced }
    const failure = registering
      ? await actions.register({ ...fields, fullName: fullName.trim(), ...(needsInvite ? { inviteCode: inviteCode.trim() } : {}) })
      : await actions.signIn(fields)
    setBusy(false)
    if (failure === null) return
    if (failure.untrustedCertificate) {
      setAskTrust({ server: fields.server, origin: addressOrigin })
      setError(failure.text)
      return
    }
    // When the address itself is wrong, the probe says why better than the login error.
    const probeFailure = probeText && !probeText.ok && probe.server === fields.server ? probeText.text : null
    setError(probeFailure ?? failure.text)
  }

  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <form className="sign-in-card" onSubmit={submit} noValidate>
        <div className="brand">
          <span className="brand-mark"><ChatIcon size={22} /></span>
          <h1 id="sign-in-title">{registering ? 'Create your Parley account' : 'Sign in to Parley'}</h1>
        </div>
        {reason && <p className="callout callout-warning" role="status">{reason}</p>}

        <div className="field">
          <label htmlFor={`${listId}-server`}>Server</label>
          <input id={`${listId}-server`} name="server" value={server} onChange={(e) => setServer(e.target.value)} list={listId}
            placeholder="192.168.1.20:8000" autoComplete="url" spellCheck={false} required
            aria-describedby={`${listId}-probe`} autoFocus={!server} />
          <datalist id={listId}>{recents.map((item) => <option key={item} value={item} />)}</datalist>
          <span id={`${listId}-probe`} className={`field-hint ${probeText && !probeText.ok ? 'hint-error' : ''}`} aria-live="polite">
            {probe.status === 'checking' ? 'Checking server…' : probeText?.text ?? ''}
          </span>
        </div>

        <DiscoveredHosts onPick={(host) => {
          setServer(host.url)
          setPicked({ url: host.url, fingerprint: host.fingerprint })
        }} />

        {needsInvite && (
          <label className="field">
            <span>Invite code</span>
            <input name="inviteCode" value={inviteCode} onChange={(e) => setInviteCode(e.target.value)} autoComplete="off"
              spellCheck={false} placeholder="ABCD-EFGH-JKLM" required />
          </label>
        )}
        {registering && (
          <label className="field">
            <span>Full name</span>
            <input name="fullName" value={fullName} onChange={(e) => setFullName(e.target.value)} autoComplete="name" required />
          </label>
        )}
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)}
            autoComplete="username" spellCheck={false} required autoFocus={Boolean(server)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)}
            autoComplete={registering ? 'new-password' : 'current-password'} required />
        </label>

        {error && <p className="callout callout-error" role="alert">{error}</p>}
        {secretWarning && (
          <p className="callout callout-warning">This computer has no secure key store: you will need to sign in each time Parley starts.</p>
        )}

        <button type="submit" className="button button-primary" disabled={busy}>
          {registering ? 'Create account' : 'Sign in'}
        </button>
        {canRegister && (
          <p className="sign-in-switch">
            {registering ? 'Already have an account?' : 'New to this server?'}{' '}
            <button type="button" className="link-button" onClick={() => { setMode(registering ? 'sign-in' : 'register'); setError(null) }}>
              {registering ? 'Sign in instead' : 'Create an account'}
            </button>
          </p>
        )}
      </form>
      {/* Outside the form: the host panel has forms of its own. */}
      <HostLauncher variant="link" />
      {askTrust && (
        <CertificateDialog server={askTrust.server} origin={askTrust.origin} onClose={() => setAskTrust(null)}
          onTrusted={() => {
            setAskTrust(null)
            void submit()
          }} />
      )}
    </main>
  )
}
