// A search snippet with the server's highlight ranges, as segments the page renders as
// text and <mark> (never as HTML). Ranges are [start, end) UTF-16 offsets; bad, overlapping
// or out-of-range ones from a hostile or buggy server are clipped or skipped.
export type SnippetSegment = { text: string; marked: boolean }

export function highlightSegments(snippet: string, highlights: ReadonlyArray<readonly [number, number]>): SnippetSegment[] {
  const ranges = highlights
    .filter((range) => Array.isArray(range) && Number.isInteger(range[0]) && Number.isInteger(range[1]))
    .map(([start, end]) => [Math.max(0, start), Math.min(snippet.length, end)] as const)
    .filter(([start, end]) => start < end)
    .sort((a, b) => a[0] - b[0])
  const segments: SnippetSegment[] = []
  let cursor = 0
  for (const [start, end] of ranges) {
    if (end <= cursor) continue
    const from = Math.max(start, cursor)
    if (from > cursor) segments.push({ text: snippet.slice(cursor, from), marked: false })
    segments.push({ text: snippet.slice(from, end), marked: true })
    cursor = end
  }
  if (cursor < snippet.length) segments.push({ text: snippet.slice(cursor), marked: false })
  return segments
}
