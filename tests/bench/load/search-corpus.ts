// A realistic server database for the search benchmark, built fast: the server's own
// migrations (db/open-database.ts) and MessagesRepo.insert (so the FTS index is fed exactly
// as the chat service feeds it), in big transactions, without sockets or group commit.
//
// Shape: `users` people, `conversations` conversations (most 1:1, some groups of 3–8);
// the person who searches (user 1) is in about `askerShare` of them. Texts are 3–24 words
// drawn from a Zipf distribution over a vocabulary that includes accented words, so a few
// words are everywhere and most are rare, as in real chat; ~3% are files with a caption.
import { hashPasswordSync } from '../../../src-main/server/auth/passwords'
import { MessagesRepo } from '../../../src-main/server/db/messages-repo'
import { SearchIndex } from '../../../src-main/server/db/search-index'
import { openDatabase } from '../../../src-main/server/db/open-database'
import type { User } from '../../../src-shared/protocol/types'
import { seededRandom } from '../../server/seeded-random'

export interface CorpusShape {
  messages: number
  users: number
  conversations: number
  /** Fraction of the conversations the searching user takes part in. */
  askerShare: number
}

export interface Corpus {
  asker: { email: string; password: string }
  /** A conversation of the asker's with many messages (the "one conversation" queries). */
  busyConversation: number
  /** Words by rank: vocabulary[0] is the most frequent. */
  vocabulary: string[]
  /** Words that appear only in file names. */
  fileWords: string[]
  build_ms: number
}

const PASSWORD = 'bench-password-1'
const BATCH = 50_000

/** Everyday words first (they take the top Zipf ranks), accented ones spread among them. */
const COMMON = [
  'the', 'to', 'and', 'you', 'it', 'is', 'ok', 'yes', 'no', 'lunch', 'meeting', 'today', 'tomorrow', 'thanks', 'please',
  'call', 'later', 'now', 'project', 'report', 'café', 'déjà', 'vu', 'résumé', 'naïve', 'über', 'señor', 'garçon', 'zürich',
  'crème', 'brûlée', 'façade', 'coöperate', 'jalapeño', 'piñata', 'smörgåsbord', 'fiancée', 'entrée', 'rosé', 'à',
]
const SYLLABLES = ['ka', 'lo', 'mi', 're', 'tu', 'sa', 'ne', 'po', 'vi', 'da', 'gé', 'rö', 'ñu', 'li', 'fa', 'zo', 'be', 'chi']


function vocabularyOf(size: number): string[] {
  const words = [...COMMON]
  const seen = new Set(words)
  const rnd = seededRandom(7)
  while (words.length < size) {
    const length = 2 + Math.floor(rnd() * 3)
    let word = ''
    for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]
    if (!seen.has(word)) {
      seen.add(word)
      words.push(word)
    }
  }
  return words
}

/** Zipf(s = 1.05) sampler over `n` ranks, by inverse CDF on a precomputed table. */
function zipf(n: number, rnd: () => number): () => number {
  const cdf = new Float64Array(n)
  let sum = 0
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1) ** 1.05
    cdf[i] = sum
  }
  return () => {
    const target = rnd() * sum
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cdf[mid] as number) < target) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

export function buildCorpus(dataDir: string, shape: CorpusShape): Corpus {
  const started = performance.now()
  const db = openDatabase(dataDir)
  const rnd = seededRandom(42)
  const vocabulary = vocabularyOf(20_000)
  const rank = zipf(vocabulary.length, rnd)
  const fileWords = ['invoice', 'contract', 'holiday', 'scan', 'budget', 'slides', 'photo', 'draft']
  const now = new Date().toISOString()
  const hash = hashPasswordSync(PASSWORD)
  const users: User[] = []
  db.transaction(() => {
    const insertUser = db.prepare('INSERT INTO users (email, full_name, password_hash, created_at) VALUES (?, ?, ?, ?)')
    for (let i = 1; i <= shape.users; i++) {
      const email = `search${i}@bench.local`
      const id = Number(insertUser.run(email, `Search User ${i}`, hash, now).lastInsertRowid)
      users.push({ id, email, user_type: 'talker', full_name: `Search User ${i}` })
    }
  })()
  const asker = users[0] as User
  const members: User[][] = []
  db.transaction(() => {
    const insertConversation = db.prepare('INSERT INTO conversations (title, direct_key, created_at) VALUES (?, NULL, ?)')
    const insertParticipant = db.prepare('INSERT OR IGNORE INTO participants (conversation_id, user_id) VALUES (?, ?)')
    for (let c = 0; c < shape.conversations; c++) {
      const size = rnd() < 0.8 ? 2 : 3 + Math.floor(rnd() * 6)
      const people = new Set<User>()
      if (rnd() < shape.askerShare) people.add(asker)
      while (people.size < size) people.add(users[1 + Math.floor(rnd() * (users.length - 1))] as User)
      const id = Number(insertConversation.run('', now).lastInsertRowid)
      for (const person of people) insertParticipant.run(id, person.id)
      members[id] = [...people]
    }
  })()
  const askerConversations = members.flatMap((people, id) => (people?.includes(asker) ? [id] : []))
  const searchIndex = new SearchIndex(db)
  const repo = new MessagesRepo(db, searchIndex)
  const touch = db.prepare('UPDATE conversations SET last_message_id = ?, last_message_at = ? WHERE id = ?')
  // Conversations are not equally busy either: a few carry most of the traffic.
  const conversationRank = zipf(shape.conversations, rnd)
  const start = Date.now() - shape.messages * 1000
  for (let done = 0; done < shape.messages; done += BATCH) {
    db.transaction(() => {
      for (let i = done; i < Math.min(shape.messages, done + BATCH); i++) {
        const conversationId = 1 + conversationRank()
        const people = members[conversationId] as User[]
        const sender = people[Math.floor(rnd() * people.length)] as User
        const words = 3 + Math.floor(rnd() * 22)
        const text: string[] = []
        for (let w = 0; w < words; w++) text.push(vocabulary[rank()] as string)
        const isFile = rnd() < 0.03
        const createdAt = new Date(start + i * 1000).toISOString()
        const record = repo.insert({
          conversationId, sender, clientId: null, replyTo: null, mentions: [],
          content: isFile && rnd() < 0.5 ? '' : text.join(' '),
          attachment: isFile
            ? {
                storedPath: `chat_files/bench/${i}_file.pdf`,
                filename: `${fileWords[Math.floor(rnd() * fileWords.length)]}-${vocabulary[rank()]}-${i}.pdf`,
                size: 1000, mimeType: 'application/pdf', uploadedAt: createdAt,
              }
            : null,
        }, createdAt)
        touch.run(record.id, createdAt, conversationId)
      }
    })()
    // As the server does between commits: the index is fed in batches.
    searchIndex.drain()
  }
  // The busiest of the asker's conversations.
  const counts = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?')
  const busyConversation = askerConversations
    .map((id) => ({ id, n: counts.get(id)?.n ?? 0 }))
    .sort((a, b) => b.n - a.n)[0]?.id ?? askerConversations[0] ?? 1
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return { asker: { email: asker.email, password: PASSWORD }, busyConversation, vocabulary, fileWords, build_ms: Math.round(performance.now() - started) }
}
