// Request text as the reference's Go server reads it, applied before parsing: nesting deeper than
// 10,000 levels is a syntax error; an escaped UTF-16 surrogate that is not half of a pair, and a path
// escape that is not UTF-8, read as U+FFFD; an integer field takes only an integer literal.

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

const NUMBER_START = /[-0-9]/;
const NUMBER_CHAR = /[-+0-9.eE]/;

/**
 * Go decodes an integer field only from an integer literal: `10.0` or `1e3` is a type error there,
 * and every number field of the Job Manager's requests is an integer (string fields and maps of
 * strings refuse any number). Returns `text` with each number literal that has a fraction or an
 * exponent, below the top level, replaced by `[null,"<literal>"]`: a value no field of those
 * requests admits, so the schema refuses it wherever Go would, and an unknown key drops it as Go
 * ignores it. Undefined when there is none (the usual case).
 */
export function markNonIntegerNumbers(text: string): string | undefined {
  let out: string[] | undefined;
  let last = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (NUMBER_START.test(c)) {
      let end = i + 1;
      while (end < text.length && NUMBER_CHAR.test(text[end]!)) end++;
      const literal = text.slice(i, end);
      if (depth > 0 && /[.eE]/.test(literal)) {
        (out ??= []).push(text.slice(last, i), `[null,"${literal}"]`);
        last = end;
      }
      i = end - 1;
    }
  }
  return out ? out.join('') + text.slice(last) : undefined;
}

/**
 * A URL path whose percent-escapes are not UTF-8 (`%ED%A0%80`, a lone surrogate; `%FF`), with each
 * invalid byte as U+FFFD, as Go reads it; other escapes are kept. Undefined when there is none.
 */
export function wellFormedPath(path: string): string | undefined {
  if (!path.includes('%')) return undefined;
  let changed = false;
  const fixed = path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
    const text = bytes.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(bytes)) return run;
    changed = true;
    return encodeURIComponent(text);
  });
  return changed ? fixed : undefined;
}
