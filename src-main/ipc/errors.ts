// Turns anything a handler throws into the ParleyErrorShape that crosses IPC: words the
// renderer can show, never a stack or an internal message that might carry secrets.
import { ZodError } from 'zod'
import { ParleyError } from '../../src-shared/ipc/bridge'
import { ERROR_CODES, type ParleyErrorShape } from '../../src-shared/ipc/contract'

const CODES: ReadonlySet<ParleyErrorShape['code']> = new Set(ERROR_CODES)

/** Throw this from main-process code for a failure the user should read as-is. */
export { parleyError } from '../../src-shared/client/errors'

export function describeZodError(error: ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'Invalid argument'
  // Tuple paths start with the argument index; name it so a caller can find the culprit.
  const [index, ...rest] = issue.path
  const where = typeof index === 'number' ? `argument ${index + 1}${rest.length ? ` (${rest.join('.')})` : ''}` : ''
  return where ? `Invalid ${where}: ${issue.message}` : `Invalid argument: ${issue.message}`
}

export function toErrorShape(error: unknown): { shape: ParleyErrorShape; expected: boolean } {
  if (error instanceof ParleyError && CODES.has(error.code)) {
    return { shape: { code: error.code, message: error.message }, expected: true }
  }
  if (error instanceof ZodError) {
    return { shape: { code: 'invalid-argument', message: describeZodError(error) }, expected: true }
  }
  return { shape: { code: 'internal', message: 'Something went wrong in Parley. Please try again.' }, expected: false }
}
