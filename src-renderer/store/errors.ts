// Turns invoke failures into sentences a person can act on. Main already words its errors
// ("Wrong email or password.", "Can't reach the server at …"); these are the fallbacks.
import { toParleyError } from '../../src-shared/client/errors'

const FALLBACKS: Record<string, string> = {
  unauthorized: 'Wrong email or password.',
  network: "Can't reach the server. Check the address and that the server is running.",
  'too-large': 'That is larger than this server accepts.',
  forbidden: 'The server does not allow that.',
  'not-found': 'Not found on the server.',
  server: 'The server had a problem. Try again shortly.',
  'invalid-argument': 'That was not accepted. Check what you entered.',
  'untrusted-certificate': "Parley did not connect: the server's certificate is not one you trusted.",
}

export function describeError(error: unknown): string {
  const parleyError = toParleyError(error)
  return parleyError.message.trim() || FALLBACKS[parleyError.code] || 'Something went wrong.'
}
