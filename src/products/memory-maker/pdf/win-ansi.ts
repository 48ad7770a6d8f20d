// The PDF's built-in fonts cover WinAnsi (Western European) only: other characters are brought as close as they
// can be (accents dropped, typographic marks simplified) or shown as "?", never as garbage bytes.

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const SIMPLER: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

const inWinAnsi = (c: string) => {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c);
};

export function toWinAnsi(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC')) {
    if (c === '\n') out += c;
    else if (inWinAnsi(c)) out += c;
    else if (SIMPLER[c]) out += SIMPLER[c];
    else if (/\s/u.test(c) || /\p{Cc}/u.test(c)) out += ' ';
    else {
      const plain = c.normalize('NFD').replace(/\p{M}/gu, '');
      out += plain.length > 0 && [...plain].every(inWinAnsi) ? plain : '?';
    }
  }
  return out;
}
