// How a certificate fingerprint is written everywhere Parley shows or carries one (start-up
// output, /api/parley/info/, the host panel, the join link's #fp=, the mDNS TXT `fp`, the
// trust dialog): SHA-256 as colon-separated upper-case hex, the way browsers' certificate
// viewers show it, so a person can compare them character for character.

/** 32 bytes of hex in any spacing/case → "AB:CD:…"; null when it is not a SHA-256. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '')
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hex.toUpperCase().match(/../g)!.join(':') : null
}

/** The join link's fragment key: `https://192.168.1.20:8000/#fp=AB:CD:…`. */
export const JOIN_LINK_FP = 'fp'

/** The link a QR code carries: a browser opens the https page (ignoring the fragment), the app reads the fp. */
export function joinLink(url: string, fingerprint: string | null): string {
  return fingerprint ? `${url}#${JOIN_LINK_FP}=${fingerprint}` : url
}

/** Splits a pasted join link into the server address and the fingerprint it vouches for. */
export function parseJoinLink(input: string): { server: string; fingerprint: string | null } {
  const hash = input.indexOf('#')
  if (hash < 0) return { server: input, fingerprint: null }
  const params = new URLSearchParams(input.slice(hash + 1))
  const fp = params.get(JOIN_LINK_FP)
  return { server: input.slice(0, hash), fingerprint: fp ? normalizeFingerprint(fp) : null }
}
