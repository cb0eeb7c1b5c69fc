// Trust on first use, in words: main refused a server's TLS certificate and this dialog
// shows what it saw (tls:certificate) and asks. A first contact shows the fingerprint to
// compare with the host's screen, and where the address came from; a changed certificate is
// a warning with the old and the new fingerprint, where "don't connect" is the default; a
// certificate that is not the one a join link names is refused outright.
import { useEffect, useState } from 'react'
import type { CertificateCheck } from '../../src-shared/ipc/contract'
import { describeError } from '../store/errors'
import { useActions } from '../store/StoreProvider'
import { Fingerprint } from '../ui/Fingerprint'
import { Modal } from '../ui/Modal'

/** How the address got into the Server field: it decides what the person is told to compare. */
export type AddressOrigin = 'typed' | 'discovered' | 'join-link'

export function CertificateDialog({ server, origin, onTrusted, onClose }: {
  server: string
  origin: AddressOrigin
  onTrusted: () => void
  onClose: () => void
}) {
  const { bridge } = useActions()
  const [check, setCheck] = useState<CertificateCheck | null | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    bridge().invoke('tls:certificate', server).then(setCheck, (failure: unknown) => {
      setCheck(null)
      setError(describeError(failure))
    })
  }, [bridge, server])

  async function trust(fingerprint: string) {
    setBusy(true)
    try {
      await bridge().invoke('tls:trust', { server, fingerprint })
      onTrusted()
    } catch (failure) {
      setError(describeError(failure))
      setBusy(false)
    }
  }

  const title = check?.reason === 'changed' ? 'Certificate changed' : check?.reason === 'mismatch' ? 'Wrong certificate' : 'Check the server’s certificate'
  const host = check ? check.server.replace(/^https:\/\//, '') : server
  return (
    <Modal title={title} onClose={onClose} className="certificate-dialog">
      <div className="modal-body">
        <h2>{title}</h2>
        {check === undefined && <p role="status">Looking at the certificate…</p>}
        {check === null && !error && <p>Parley has nothing to ask about {server}: try signing in again.</p>}
        {check?.reason === 'untrusted' && (
          <>
            <p>
              Parley has not connected to <strong>{host}</strong> before, and no certificate authority vouches for it.
              Compare this fingerprint with the one on the host’s screen before you trust it:
            </p>
            <Fingerprint label="Fingerprint presented now" value={check.fingerprint} />
            <p className="muted">{sourceWords(origin, check)}</p>
          </>
        )}
        {check?.reason === 'changed' && (
          <>
            <p className="callout callout-error" role="alert">
              The certificate of {host} is not the one you trusted. Someone on this network may be intercepting the
              connection, so Parley did not connect.
            </p>
            <Fingerprint label="Trusted before" value={check.previousFingerprint ?? ''} />
            <Fingerprint label="Presented now" value={check.fingerprint} />
            <p className="muted">
              This also happens when the host reinstalled Parley or lost its data folder. Trust the new certificate only if
              the host’s screen shows the new fingerprint.
            </p>
          </>
        )}
        {check?.reason === 'mismatch' && (
          <>
            <p className="callout callout-error" role="alert">
              {host} presented a certificate that is not the one your join link names. Someone on this network may be
              intercepting the connection, so Parley did not connect.
            </p>
            <Fingerprint label="The join link names" value={check.expected?.fingerprint ?? ''} />
            <Fingerprint label="Presented now" value={check.fingerprint} />
            <p className="muted">Ask the host for a fresh join link or QR code.</p>
          </>
        )}
        {error && <p className="callout callout-error" role="alert">{error}</p>}
        <div className="modal-actions">
          {check?.reason === 'untrusted' && (
            <>
              <button type="button" className="button" onClick={onClose}>Cancel</button>
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void trust(check.fingerprint)}>
                Trust and connect
              </button>
            </>
          )}
          {check?.reason === 'changed' && (
            <>
              <button type="button" className="button button-danger" disabled={busy} onClick={() => void trust(check.fingerprint)}>
                Trust the new certificate
              </button>
              <button type="button" className="button button-primary" onClick={onClose} autoFocus>Don’t connect</button>
            </>
          )}
          {(check?.reason === 'mismatch' || check === null) && (
            <button type="button" className="button button-primary" onClick={onClose} autoFocus>Close</button>
          )}
        </div>
      </div>
    </Modal>
  )
}

function sourceWords(origin: AddressOrigin, check: CertificateCheck): string {
  const announced = check.expected?.source === 'mdns' ? check.expected.fingerprint : null
  if (origin === 'discovered' && announced) {
    return announced === check.fingerprint
      ? 'This server was found on this network, and its announcement carried the same fingerprint. Anyone on the network can announce anything, so compare with the host’s screen all the same.'
      : 'This server was found on this network, but its announcement carried a DIFFERENT fingerprint. Do not trust it unless the host’s screen shows the one above.'
  }
  if (origin === 'discovered') return 'This server was found on this network. Anyone on the network can announce a server: compare with the host’s screen.'
  return 'You entered this address. The host sees the fingerprint in “Host on this computer”, or in the server’s start-up output.'
}
