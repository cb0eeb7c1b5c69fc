// The offline search's matching rule (the server's FTS5 rule, docs/protocol.md "Search"):
// case and diacritics folded, every word must match, the last as a prefix, snippets with
// highlight ranges that point at the matched words.
import { describe, expect, it } from 'vitest'
import { foldText, matchMessage, matchText, queryWords } from '../../src-shared/client/search-text'
import type { Message } from '../../src-shared/protocol/types'

const words = (query: string) => queryWords(query)
const marked = (match: ReturnType<typeof matchText>) => match?.highlights.map(([start, end]) => match.snippet.slice(start, end))

describe('offline search matching', () => {
  it('folds case and diacritics with one rule', () => {
    expect(foldText('Café CRÈME Ångström')).toBe('cafe creme angstrom')
    expect(matchText('Un café crème', words('CAFE creme'))).not.toBeNull()
    expect(matchText('Un cafe creme', words('café'))).not.toBeNull()
  })

  it('needs every word, the last one as a prefix only', () => {
    expect(matchText('meeting at noon', words('meeting noo'))).not.toBeNull()
    expect(matchText('meeting at noon', words('meet noon'))).toBeNull() // not last: whole word
    expect(matchText('meeting at noon', words('meeting lunch'))).toBeNull()
  })

  it('treats punctuation and operators as nothing', () => {
    expect(words('"hello" *world* OR')).toEqual(['hello', 'world', 'or'])
    expect(words('?!*')).toEqual([])
    expect(matchText('anything', [])).toBeNull()
  })

  it('cuts a long text around the first match and highlights the matched words', () => {
    const text = `${'filler '.repeat(60)}the deployment plan is ready ${'more '.repeat(60)}`
    const match = matchText(text, words('deployment pla'))!
    expect(match.snippet.startsWith('…')).toBe(true)
    expect(match.snippet.endsWith('…')).toBe(true)
    expect(match.snippet.length).toBeLessThanOrEqual(162)
    expect(marked(match)).toEqual(['deployment', 'plan'])
  })

  it('highlights in the original text even when folding changed it', () => {
    expect(marked(matchText('À bientôt au Café', words('cafe')))).toEqual(['Café'])
  })

  it('matches a file by its name, and never a deleted message', () => {
    const message = {
      id: 1, conversation: 1, sender: { id: 1, email: 'a@b.c', full_name: 'A', user_type: '' }, content: '', message_type: 'file',
      is_read: false, created_at: '', file_attachment: { id: 1, file: '', file_url: '', filename: 'Quarterly-Report.pdf', file_size: 1, file_size_display: '', file_type: '', uploaded_at: '' },
    } as Message
    expect(matchMessage(message, words('quarterly rep'))?.snippet).toBe('Quarterly-Report.pdf')
    expect(matchMessage({ ...message, content: 'quarterly', deleted: true }, words('quarterly'))).toBeNull()
  })
})
