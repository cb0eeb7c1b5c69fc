// Running: how people join. Every LAN address as a copyable join link, and a QR code of the
// selected one for phones (rendered in main: no image service involved). With TLS the link
// carries the certificate's fingerprint (#fp=…): the app trusts it at once, a browser ignores it.
import { useState } from 'react'
import type { JoinAddress } from '../../src-shared/ipc/contract'
import { copyText } from './useHost'

export function JoinAddresses({ addresses }: { addresses: JoinAddress[] }) {
  const [selected, setSelected] = useState(0)
  const [copied, setCopied] = useState<string | null>(null)
  if (addresses.length === 0) {
    return <p className="callout callout-warning">Only this computer can connect: choose a network to let others join.</p>
  }
  const shown = addresses[Math.min(selected, addresses.length - 1)]!
  return (
    <section className="host-section" aria-labelledby="host-join-title">
      <h3 id="host-join-title">Join addresses</h3>
      <div className="host-join">
        <ul className="host-addresses" aria-label="Join addresses">
          {addresses.map((join, index) => (
            <li key={join.url} className={index === selected ? 'is-selected' : ''}>
              <button type="button" className="link-button host-address" onClick={() => setSelected(index)}
                aria-pressed={index === selected} title={`${join.interface} · ${join.family}`}>
                {join.url}
              </button>
              <button type="button" className="button button-small" aria-label={`Copy the join link for ${join.url}`}
                onClick={() => void copyText(join.joinLink).then(() => setCopied(join.url))}>
                {copied === join.url ? 'Copied' : 'Copy'}
              </button>
            </li>
          ))}
        </ul>
        <img className="host-qr" src={shown.qrDataUrl} width={132} height={132} alt={`QR code for ${shown.url}`} />
      </div>
      <p className="muted">
        In the Parley app, paste the copied join link (or scan the QR code) as the server. In a browser, open the address.
      </p>
    </section>
  )
}
