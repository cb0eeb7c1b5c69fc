// Stopped: where to host (a network of this computer and a port), under what name, and who
// may create accounts. Registration is closed unless the host opens it.
import { useEffect, useId, useState } from 'react'
import type { FormEvent } from 'react'
import type { HostConfig, NetworkChoice, RegistrationMode } from '../../src-shared/ipc/contract'
import { useActions, useApp } from '../store/StoreProvider'
import { REGISTRATION_LABELS } from './registrationLabels'
import { useAttempt } from './useHost'

export function HostStartForm({ initial, failure }: { initial: HostConfig; failure: string | null }) {
  const { bridge, startSession } = useActions()
  const signedIn = useApp((state) => state.phase === 'signed-in')
  const id = useId()
  const [choices, setChoices] = useState<NetworkChoice[]>([])
  const [address, setAddress] = useState(initial.address)
  const [port, setPort] = useState(String(initial.port))
  const [name, setName] = useState(initial.name)
  const [registration, setRegistration] = useState<RegistrationMode>(initial.registration)
  const { error, busy, attempt } = useAttempt()

  useEffect(() => {
    bridge().invoke('host:interfaces').then(setChoices, () => setChoices([]))
  }, [bridge])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const portNumber = Number(port)
    const started = await attempt(async () => {
      if (!/^\d{1,5}$/.test(port.trim()) || portNumber > 65535) throw new Error('Use a port from 0 to 65535 (0 picks a free one).')
      await bridge().invoke('host:start', { address, port: portNumber, name: name.trim(), registration })
    })
    // This app signed in to its own server: show that session. (Signed out, the sign-in
    // screen's launcher does it once the panel closes, so the panel is not torn down now.)
    if (started && signedIn) await startSession()
  }

  const options = choices.some((c) => c.address === address) ? choices : [...choices, { address, label: address, family: 'any' as const }]
  return (
    <form className="host-form" onSubmit={submit}>
      <p className="muted">People on the same network join from the Parley app or a web browser. Nothing goes through the internet.</p>
      <div className="field">
        <label htmlFor={`${id}-network`}>Network</label>
        <select id={`${id}-network`} value={address} onChange={(e) => setAddress(e.target.value)}>
          {options.map((choice) => <option key={choice.address} value={choice.address}>{choice.label}</option>)}
        </select>
      </div>
      <div className="host-form-row">
        <label className="field">
          <span>Port</span>
          <input inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} size={6} />
        </label>
        <label className="field host-form-grow">
          <span>Server name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={63} required />
        </label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-registration`}>New accounts</label>
        <select id={`${id}-registration`} value={registration} onChange={(e) => setRegistration(e.target.value as RegistrationMode)}>
          {(Object.keys(REGISTRATION_LABELS) as RegistrationMode[]).map((mode) => <option key={mode} value={mode}>{REGISTRATION_LABELS[mode]}</option>)}
        </select>
      </div>
      {(error ?? failure) && <p className="callout callout-error" role="alert">{error ?? failure}</p>}
      <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Starting…' : 'Start hosting'}</button>
    </form>
  )
}
