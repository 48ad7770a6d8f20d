// What an inviter's own words may do in an invite mail: a personal note without links, and a short display name in
// the subject (an inviter must not be able to turn the service into a phishing relay). Pure.

/** Characters that make text lie about itself: C0/C1 controls (newlines are handled apart) and bidi overrides. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const HIDDEN = new RegExp('[\\u0000-\\u0009\\u000B-\\u001F\\u007F-\\u009F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2069\\uFEFF]', 'g');
/** A scheme, www., an e-mail or a bare domain such as evil.example or bit.ly/x. */
const LINK =
  /([a-z][a-z0-9+.-]*:\/\/|\bwww\d?\.|[^\s@]+@[^\s@]+\.[a-z]{2,}|\b[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.|\s+\.\s+|\s*\[\.\]\s*|\s*\(\.\)\s*)[a-z]{2,24}\b(?:[/:?#]|$|[\s,;!)"'\]]))/i;

/** Longest inviter name shown in a subject line. */
export const SUBJECT_NAME_MAX = 30;

export function containsLink(text: string): boolean {
  return LINK.test(text.replace(HIDDEN, ''));
}

/** The inviter's name as it may appear in a subject: one line, no hidden characters, no links, at most 30 characters. */
export function subjectName(raw: string | null | undefined): string {
  const name = (raw ?? '').replace(HIDDEN, '').replace(/\s+/g, ' ').trim();
  if (!name || containsLink(name)) return 'Someone';
  return name.length > SUBJECT_NAME_MAX ? `${name.slice(0, SUBJECT_NAME_MAX - 1).trimEnd()}…` : name;
}

/** The note as it may appear in the body: hidden characters removed, at most 3 blank lines in a row. */
export function cleanNote(raw: string): string {
  return raw
    .replace(HIDDEN, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
}
