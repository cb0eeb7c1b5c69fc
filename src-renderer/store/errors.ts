// Turns invoke failures into sentences a person can act on.
import { toParleyError } from '../bridge'

export function describeError(error: unknown, context?: { server?: string }): string {
  const parleyError = toParleyError(error)
  const where = context?.server ? ` at ${context.server}` : ''
  switch (parleyError.code) {
    case 'unauthorized':
      return parleyError.message && !/^(unauthorized|invalid credentials)\.?$/i.test(parleyError.message)
        ? parleyError.message
        : 'Wrong email or password.'
    case 'network':
      return `Can't reach the server${where}. Check the address and that the server is running.`
    case 'too-large':
      return parleyError.message || 'That file is larger than this server accepts.'
    case 'forbidden':
      return parleyError.message || 'The server does not allow that.'
    case 'not-found':
      return parleyError.message || 'Not found on the server.'
    default:
      return parleyError.message || 'Something went wrong.'
  }
}
