// Splits message text into plain text and link segments. Text stays text (React escapes
// it); only the href is derived, and main re-checks the scheme before opening anything.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi
const TRAILING_PUNCTUATION = /[.,;:!?'"\]]+$/

/** Drops sentence punctuation and an unbalanced ")" that people type after a URL. */
function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '')
  while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) {
    url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '')
  }
  return url
}

export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = []
  let cursor = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0
    const url = trimUrl(match[0])
    if (url.length === 0) continue
    if (start > cursor) segments.push({ kind: 'text', text: text.slice(cursor, start) })
    const href = /^www\./i.test(url) ? `https://${url}` : url
    segments.push({ kind: 'link', text: url, href })
    cursor = start + url.length
  }
  if (cursor < text.length) segments.push({ kind: 'text', text: text.slice(cursor) })
  return segments
}
