// The one search word rule (src-shared/protocol/search-text.ts): the server's FTS5 query and
// snippets and the client's offline matching both follow it: case and diacritics folded,
// every word must match, the last as a prefix, snippets with ranges on the matched words.
import { describe, expect, it } from 'vitest'
import { matchMessage } from '../../src-shared/client/search-text'
import { fold, matchesAll, searchTerms, snippetOf, type Snippet } from '../../src-shared/protocol/search-text'
import type { Message } from '../../src-shared/protocol/types'

const words = (query: string) => searchTerms(query)
const marked = (match: Snippet | null) => match?.highlights.map(([start, end]) => match.snippet.slice(start, end))
const matchText = (text: string, terms: string[]): Snippet | null => (matchesAll([text], terms) ? snippetOf(text, null, terms) : null)

describe('search word rule', () => {
  it('folds case and diacritics with one rule', () => {
    expect(fold('Café CRÈME Ångström')).toBe('cafe creme angstrom')
    // ASCII words take a shortcut (lower case alone): the same result as the whole rule.
    const ascii = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', 'MiXeD42', 'x', '']
    for (const word of ascii) expect(fold(word)).toBe(word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase())
    expect(fold('ABC')).toBe('abc')
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
    expect(words('\u0301\u0301')).toEqual([]) // combining marks alone are no word
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

  it('matches words across the text and the file name, as the index does', () => {
    expect(matchesAll(['the quarterly numbers', 'report.pdf'], words('quarterly report'))).toBe(true)
    expect(matchesAll(['the quarterly numbers', 'report.pdf'], words('quarterly memo'))).toBe(false)
  })
})

describe('offline search over a cached message', () => {
  const message = {
    id: 1, conversation: 1, sender: { id: 1, email: 'a@b.c', full_name: 'A', user_type: '' }, content: '', message_type: 'file',
    is_read: false, created_at: '', file_attachment: { id: 1, file: '', file_url: '', filename: 'Quarterly-Report.pdf', file_size: 1, file_size_display: '', file_type: '', uploaded_at: '' },
  } as Message

  it('matches a file by its name, and never a deleted message', () => {
    expect(matchMessage(message, words('quarterly rep'))?.snippet).toBe('Quarterly-Report.pdf')
    expect(matchMessage({ ...message, content: 'quarterly', deleted: true }, words('quarterly'))).toBeNull()
  })
})
