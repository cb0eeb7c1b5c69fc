// Strict-enough base64 for the seed's file_message: standard or URL-safe alphabet,
// optional whitespace, optional "data:…;base64," prefix (browsers' FileReader), and the
// padding required: the seed's server (Python's b64decode(validate=True)) refuses
// unpadded input, so a file it would refuse is not stored here either.
// A 20 MB file is a 27 MB string here, so each step is one pass at most: the usual input
// (no whitespace) is checked by one regex, padding and length are checked from the end
// without a pass, and only wrapped input pays for a cleanup pass.
export type DecodedFile = { kind: 'ok'; bytes: Buffer } | { kind: 'invalid' } | { kind: 'too-large' }

const ALPHABET = /^[A-Za-z0-9+/_-]*={0,2}$/
const EQUALS = 61

export function decodeBase64File(input: string, maxBytes: number): DecodedFile {
  let text = input.startsWith('data:') ? input.slice(input.indexOf(',') + 1) : input
  if (!ALPHABET.test(text)) {
    text = text.replace(/\s+/g, '')
    if (!ALPHABET.test(text)) return { kind: 'invalid' }
  }
  // Padded base64 comes in whole quads; the regex allows at most two '=' at the end.
  if (text.length % 4 !== 0) return { kind: 'invalid' }
  let padding = 0
  while (padding < 2 && text.charCodeAt(text.length - 1 - padding) === EQUALS) padding += 1
  const unpaddedLength = text.length - padding
  // Before decoding: refusing a huge file should not cost a huge decode.
  if (Math.floor((unpaddedLength * 3) / 4) > maxBytes) return { kind: 'too-large' }
  return { kind: 'ok', bytes: Buffer.from(text, 'base64') }
}
