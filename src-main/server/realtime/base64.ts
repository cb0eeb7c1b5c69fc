// Strict-enough base64 for the seed's file_message: standard or URL-safe alphabet,
// optional padding and whitespace, optional "data:…;base64," prefix (browsers' FileReader).
// A 20 MB file is a 27 MB string here, so each step is one pass at most: the usual input
// (no whitespace) is checked by one regex, padding is counted from the end, and only
// wrapped input pays for a cleanup pass.
export type DecodedFile = { kind: 'ok'; bytes: Buffer } | { kind: 'invalid' } | { kind: 'too-large' }

const ALPHABET = /^[A-Za-z0-9+/_-]*={0,2}$/
const EQUALS = 61

export function decodeBase64File(input: string, maxBytes: number): DecodedFile {
  let text = input.startsWith('data:') ? input.slice(input.indexOf(',') + 1) : input
  if (!ALPHABET.test(text)) {
    text = text.replace(/\s+/g, '')
    if (!ALPHABET.test(text)) return { kind: 'invalid' }
  }
  let padding = 0
  while (padding < 3 && text.charCodeAt(text.length - 1 - padding) === EQUALS) padding += 1
  const unpaddedLength = text.length - padding
  if (unpaddedLength % 4 === 1) return { kind: 'invalid' }
  // Before decoding: refusing a huge file should not cost a huge decode.
  if (Math.floor((unpaddedLength * 3) / 4) > maxBytes) return { kind: 'too-large' }
  return { kind: 'ok', bytes: Buffer.from(text, 'base64') }
}
