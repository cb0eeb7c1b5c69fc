// DRF-style field validation: collect {"field": ["why"]} and throw one 400.
import { stripInvisible } from '../../../src-shared/protocol/visible-text'
import { HttpError } from './respond'

export const REQUIRED = 'This field is required.'

export class FieldErrors {
  private readonly errors: Record<string, string[]> = {}

  add(field: string, message: string): void {
    ;(this.errors[field] ??= []).push(message)
  }

  /**
   * A trimmed non-blank string of at most `max` characters, or undefined with an error
   * recorded. `name`: a name people read, invisible and bidi characters removed first.
   */
  string(body: Record<string, unknown>, field: string, options: { max: number; required?: boolean; trim?: boolean; name?: boolean }): string | undefined {
    const value = body[field]
    if (value === undefined || value === null) {
      if (options.required !== false) this.add(field, REQUIRED)
      return undefined
    }
    if (typeof value !== 'string') {
      this.add(field, 'Not a valid string.')
      return undefined
    }
    const visible = options.name ? stripInvisible(value) : value
    const text = options.trim === false ? visible : visible.trim()
    if (text === '') {
      if (options.required !== false) this.add(field, 'This field may not be blank.')
      return undefined
    }
    if (text.length > options.max) {
      this.add(field, `Ensure this field has no more than ${options.max} characters.`)
      return undefined
    }
    return text
  }

  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw new HttpError(400, this.errors)
  }
}

/** A positive integer from a path or query parameter, or null. */
export function positiveInt(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^\d{1,15}$/.test(value)) return null
  const n = Number(value)
  return n > 0 ? n : null
}

/** Zero or a positive integer (a revision), or null. */
export function nonNegativeInt(value: string | null | undefined): number | null {
  return value === '0' ? 0 : positiveInt(value)
}
