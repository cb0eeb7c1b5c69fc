// `parley:` links open the app on a join link (issue 10): the host's join link (the one its
// QR code carries, `https://192.168.1.20:8000/#fp=AB:CD:…`) wrapped as
// `parley://join?url=<that link, URL-encoded>`, so a click in a chat, a mail or a web page
// lands on the sign-in screen with the server and its certificate's fingerprint filled in.
// The OS hands the link over on the command line (Windows, Linux: a second instance's
// argv) or through 'open-url' (macOS). Anything else, or anything malformed, is ignored.

/** The scheme registered for the app (electron-builder.ts `protocols`). */
export const URL_SCHEME = 'parley'

/** Longest link accepted: a join link is well under this; a flood of text is not a link. */
const MAX_LINK_CHARS = 2048

/** The join link inside a `parley:` link, or null when `raw` is not a well-formed one. */
export function joinLinkFromAppLink(raw: string): string | null {
  if (raw.length > MAX_LINK_CHARS) return null
  let link: URL
  try {
    link = new URL(raw)
  } catch {
    return null
  }
  if (link.protocol !== `${URL_SCHEME}:` || link.host !== 'join') return null
  const target = link.searchParams.get('url')
  if (!target) return null
  let server: URL
  try {
    server = new URL(target)
  } catch {
    return null
  }
  if ((server.protocol !== 'https:' && server.protocol !== 'http:') || !server.hostname || server.username || server.password) return null
  return server.href
}

/** The first `parley:` link among command-line arguments (how Windows and Linux pass it). */
export function joinLinkFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${URL_SCHEME}:`)) continue
    const joinLink = joinLinkFromAppLink(arg)
    if (joinLink) return joinLink
  }
  return null
}

/** The `parley:` link for a join link (the host panel offers it beside the QR code). */
export function appLinkFor(joinLink: string): string {
  return `${URL_SCHEME}://join?url=${encodeURIComponent(joinLink)}`
}
