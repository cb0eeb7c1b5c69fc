// A certificate's SHA-256 fingerprint as people compare it: the trust dialog and the host
// panel show it the same way, in the format browsers' certificate viewers use.
/** Two rows of 16 bytes: easier to compare in pieces, and it never wraps mid-byte. */
export function Fingerprint({ label, value }: { label: string; value: string }) {
  const bytes = value.split(':')
  const half = Math.ceil(bytes.length / 2)
  return (
    <figure className="fingerprint">
      <figcaption>{label} (SHA-256)</figcaption>
      <code aria-label={`${label}: ${value}`}>
        <span>{bytes.slice(0, half).join(':')}</span>
        <span>{bytes.slice(half).join(':')}</span>
      </code>
    </figure>
  )
}
