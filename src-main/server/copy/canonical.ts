// One text for each value, whichever engine it came from: SQLite gives integers as
// BigInt (read with safeIntegers), PostgreSQL gives numbers; flags are 0/1 (a boolean
// is taken too); times are the ISO text the server wrote (a Date too). Both sides of the check (copy/check.ts) and the rows
// written to PostgreSQL (copy/copy-tables.ts) go through here, so a value the target
// could not hold as it is (a NUL in text, a word in an integer column, written by a
// damaged or foreign database) is refused with its table, row and column named instead
// of failing somewhere inside PostgreSQL or being silently changed.
import type { Column, CopiedTable } from './tables'

/** The source holds a value this copy will not move; the message names where. */
export class CopyDataError extends Error {}

export type CanonicalRow = (string | null)[]

export function canonicalRow(table: CopiedTable, values: readonly unknown[]): CanonicalRow {
  return table.columns.map((column, index) => canonicalValue(column, values[index], () => describeRow(table, values)))
}

function canonicalValue(column: Column, value: unknown, where: () => string): string | null {
  if (value === null || value === undefined) {
    if (column.nullable) return null
    throw new CopyDataError(`${where()}: ${column.name} is empty, which it may not be`)
  }
  const refuse = (expected: string): never => {
    throw new CopyDataError(`${where()}: ${column.name} holds ${preview(value)}, expected ${expected}`)
  }
  switch (column.kind) {
    case 'int': {
      const digits = typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string' ? String(value) : ''
      return /^-?\d+$/.test(digits) ? digits : refuse('a whole number')
    }
    case 'bool':
      if (value === true || value === 1 || value === 1n) return '1'
      if (value === false || value === 0 || value === 0n) return '0'
      return refuse('0 or 1')
    case 'time':
      // Both engines keep the ISO text the server wrote, so it is compared as it is.
      if (value instanceof Date) return value.toISOString()
      return typeof value === 'string' && Number.isFinite(Date.parse(value)) ? value : refuse('a date and time')
    case 'text':
      if (typeof value !== 'string') return refuse('text')
      // PostgreSQL text cannot hold NUL; SQLite can.
      return value.includes('\0') ? refuse('text without NUL characters') : value
    default: {
      const never: never = column.kind
      throw new Error(`unknown column kind ${String(never)}`)
    }
  }
}

function describeRow(table: CopiedTable, values: readonly unknown[]): string {
  const key = table.key.map((name) => `${name}=${preview(values[table.columns.findIndex((c) => c.name === name)])}`)
  return `${table.name} row ${key.join(', ')}`
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : value instanceof Uint8Array ? `${value.length} bytes of binary data` : String(value)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}
