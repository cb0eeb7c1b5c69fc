// Strict-enough base64 for the seed's file_message: standard or URL-safe alphabet,
// optional padding and whitespace, optional "data:…;base64," prefix (browsers' FileReader).
export type DecodedFile = { kind: 'ok'; bytes: Buffer } | { kind: 'invalid' } | { kind: 'too-large' }

const ALPHABET = /^[A-Za-z0-9+/_-]*={0,2}$/

export function decodeBase64File(input: string, maxBytes: number): DecodedFile {
  let text = input.startsWith('data:') ? input.slice(input.indexOf(',') + 1) : input
  if (/\s/.test(text)) text = text.replace(/\s+/g, '')
  const unpadded = text.replace(/=+$/, '')
  if (unpadded.length % 4 === 1 || text.length - unpadded.length > 2) return { kind: 'invalid' }
  // Size first: refusing a huge file should not cost a huge decode.
  if (Math.floor((unpadded.length * 3) / 4) > maxBytes) return { kind: 'too-large' }
  if (!ALPHABET.test(text)) return { kind: 'invalid' }
  return { kind: 'ok', bytes: Buffer.from(text, 'base64') }
}
