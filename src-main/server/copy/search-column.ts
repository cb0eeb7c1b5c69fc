// The search index on the target: SQLite's FTS5 tables are not copied; each message's
// words (its text and file name, folded by the PostgreSQL engine's own rule, searchWords)
// go into messages.search in the statement that copies the message, as the engine writes
// them when it stores one. A deleted message has neither text nor file: no words.
import type { Db } from '../db/open-database'
import { searchWords } from '../storage/postgres/message-rows'
import type { DerivedColumn } from './copy-tables'
import type { CopiedTable } from './tables'

export function searchColumn(db: Db, messages: CopiedTable): DerivedColumn {
  // Loaded first: the messages are read through an open iterator, during which the
  // snapshot's connection can run no other statement.
  const filenames = new Map(
    (db.prepare('SELECT id, filename FROM attachments').raw(true).all() as [bigint, string][]).map(([id, name]) => [String(id), name]),
  )
  const content = messages.columns.findIndex((column) => column.name === 'content')
  const attachment = messages.columns.findIndex((column) => column.name === 'attachment_id')
  return {
    column: 'search',
    paramType: 'jsonb',
    // The words are taken literally (array_to_tsvector), as the engine stores them.
    expression: (value) => `array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(${value})))`,
    compute: (row) => {
      const id = row[attachment]
      return JSON.stringify(searchWords(row[content] ?? '', id === null || id === undefined ? null : (filenames.get(id) ?? null)))
    },
  }
}
