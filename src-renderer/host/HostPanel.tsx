// "Host on this computer": start and stop the LAN server this app runs, see how people
// join and who is connected, manage accounts and invites. Admin actions go to main and from
// there over the server process's private port: none of this exists on the network.
import type { RegistrationMode } from '../../src-shared/ipc/contract'
import { useActions } from '../store/StoreProvider'
import { Fingerprint } from '../ui/Fingerprint'
import { Modal } from '../ui/Modal'
import { HostAccounts } from './HostAccounts'
import { HostInvites } from './HostInvites'
import { HostStartForm } from './HostStartForm'
import { JoinAddresses } from './JoinAddresses'
import { REGISTRATION_LABELS } from './registrationLabels'
import { useAttempt, useHostStatus } from './useHost'
import './host.css'

export function HostPanel({ onClose }: { onClose: () => void }) {
  const { status, available } = useHostStatus()
  const { bridge } = useActions()
  const { error, busy, attempt } = useAttempt()
  // Serving this computer only is not hosting: the panel offers to start hosting then.
  const lan = status?.reach === 'lan'
  const running = lan && status?.state === 'running'
  const restarting = lan && status?.state === 'restarting'
  const failure = status && (status.state === 'failed' || (status.reach === 'this-computer' && status.state === 'running')) ? status.error : null

  return (
    <Modal title="Host on this computer" onClose={onClose} className="host-panel">
      <div className="modal-body">
        <h2>Host on this computer</h2>
        {available === false && <p className="callout callout-warning">Hosting needs the Parley desktop app.</p>}
        {status && !running && !restarting && status.state !== 'stopping' && (
          <HostStartForm initial={status.config} failure={failure} />
        )}
        {status?.state === 'stopping' && <p role="status">Stopping…</p>}
        {restarting && status && (
          <>
            {/* The server process died on its own; main's supervisor starts it again. */}
            <p role="status" className="host-running">
              <span className="host-dot is-restarting" aria-hidden="true" /> Server restarting…
            </p>
            {status.error && <p className="callout callout-warning">{status.error}</p>}
          </>
        )}
        {running && (
          <>
            <p role="status" className="host-running">
              <span className="host-dot" aria-hidden="true" /> Hosting “{status.config.name}”
              {status.advertising ? ' · visible to Parley apps on this network' : ''}
            </p>
            {status.error && <p className="callout callout-warning">{status.error}</p>}
            <JoinAddresses addresses={status.joinAddresses} />
            {status.fingerprint && (
              <section className="host-section" aria-labelledby="host-certificate-title">
                <h3 id="host-certificate-title">Certificate</h3>
                <Fingerprint label="This server’s fingerprint" value={status.fingerprint} />
                <p className="muted">
                  Connections are encrypted with this server’s own certificate. Parley apps that scan the QR code or paste a
                  join link check it by themselves; apps given only the address show this fingerprint to compare.
                </p>
                <p className="muted">
                  Browsers warn that no authority signed the certificate: tell browser guests to open the certificate details
                  in that warning and go on only if its SHA-256 fingerprint is the one above.
                </p>
              </section>
            )}
            <section className="host-section" aria-labelledby="host-people-title">
              <h3 id="host-people-title">Connected now ({status.presence.length})</h3>
              {status.presence.length === 0 ? <p className="muted">Nobody yet.</p> : (
                <ul className="host-list" aria-label="Connected people">
                  {status.presence.map((entry) => (
                    <li key={entry.user.id}>
                      <span className="host-list-text"><span>{entry.user.full_name || entry.user.email}</span><span className="muted">{entry.user.email}</span></span>
                      {entry.sockets > 1 && <span className="muted">{entry.sockets} connections</span>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <fieldset className="settings-group host-section">
              <legend>New accounts</legend>
              {(Object.keys(REGISTRATION_LABELS) as RegistrationMode[]).map((mode) => (
                <label key={mode} className="check-row">
                  <input type="radio" name="host-registration" checked={status.config.registration === mode}
                    onChange={() => void attempt(() => bridge().invoke('host:set-registration', mode))} />
                  {REGISTRATION_LABELS[mode]}
                </label>
              ))}
            </fieldset>
            {status.startAtLogin !== null && (
              <label className="check-row host-section">
                <input type="checkbox" checked={status.startAtLogin}
                  onChange={(event) => void attempt(() => bridge().invoke('host:set-start-at-login', event.target.checked))} />
                Open Parley when I log in, and keep hosting
              </label>
            )}
            {status.config.registration === 'invite' && <HostInvites />}
            <HostAccounts hostAccount={status.hostAccount} />
            {error && <p className="callout callout-error" role="alert">{error}</p>}
          </>
        )}
        <div className="modal-actions">
          {(running || restarting) && (
            <button type="button" className="button button-danger" disabled={busy}
              onClick={() => void attempt(() => bridge().invoke('host:stop'))}>Stop hosting</button>
          )}
          <button type="button" className="button button-primary" onClick={onClose}>Done</button>
        </div>
      </div>
    </Modal>
  )
}
