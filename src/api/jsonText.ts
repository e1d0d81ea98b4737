// Checks on a JSON body's text before it is parsed, matching what the reference's Go decoder does:
// nesting deeper than 10,000 levels is a syntax error, and an escaped UTF-16 surrogate that is not
// half of a pair decodes to U+FFFD.

/** Go's encoding/json refuses input nested deeper than this (its scanner's maxNestingDepth). */
export const MAX_JSON_DEPTH = 10_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Whether the JSON text in `buf` opens more than `limit` objects or arrays inside one another. */
export function nestedDeeperThan(buf: Uint8Array, limit = MAX_JSON_DEPTH): boolean {
  // It takes limit + 1 opening brackets to go deeper.
  if (buf.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}

// Any escape, consumed whole from left to right (so `\\ud800`, an escaped backslash, is left alone);
// a surrogate escape is captured with its partner when it has one.
const ESCAPE = /\\(?:u([dD][89abAB][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?|u([dD][c-fC-F][0-9a-fA-F]{2})|[^])/g;
const ANY_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** `text` with every escaped lone surrogate (`"\ud800"`) replaced by `\ufffd`, as Go decodes it. */
export function replaceLoneSurrogates(text: string): string {
  if (!ANY_SURROGATE_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE, (whole, high: string | undefined, low: string | undefined, loneLow: string | undefined) => {
    if (high !== undefined) return low !== undefined ? whole : '\\ufffd';
    if (loneLow !== undefined) return '\\ufffd';
    return whole;
  });
}
