// Names people read (display names, file names, conversation titles) must show what they
// are. Bidirectional controls reorder what follows them ("‮gnp.exe" displays as
// "exe.png"), and other invisible format characters hide text or make two names look
// alike. The one rule for both ends: the server strips them before storing a name, and the
// client strips them from whatever any server (a seed server too) sends.
//
// Removed: every Unicode format character (general category Cf: U+202A–202E and U+2066–2069
// bidi embeddings/isolates, U+200E/200F/061C marks, U+200B zero-width space, U+2060–2064,
// U+FEFF, U+00AD soft hyphen, U+180E, the U+E0000 tag block that can smuggle invisible
// ASCII, …) and the Hangul fillers that render as blank letters. Kept: U+200C and U+200D
// (zero-width non-joiner and joiner), which Persian and Indic spelling and emoji sequences
// (👩‍💻) need and which cannot reorder or hide text.
const INVISIBLE = /(?![\u200c\u200d])[\p{Cf}\u115f\u1160\u3164\uffa0]/gu

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '')
}
