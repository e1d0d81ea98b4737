// YAML documents parsed with duplicate mapping keys found in linear time.
//
// The yaml package checks a mapping's keys for duplicates by comparing each new key with every
// key before it (uniqueKeys, its default): a mapping of 32,000 keys (300 KB) took 9.3 s to parse,
// one of 100,000 keys minutes. Here the package's check is off and each mapping's scalar keys go
// through a Set instead, with the package's own error (code and message) at the same place.
import { parseAllDocuments, parseDocument, visit, isScalar, YAMLParseError, type Document, type LineCounter } from 'yaml';

export interface ParseOptions {
  lineCounter?: LineCounter;
}

function options(opts: ParseOptions) {
  return { ...(opts.lineCounter ? { lineCounter: opts.lineCounter } : {}), prettyErrors: false, uniqueKeys: false } as const;
}

/** Every document of `text`; each document's `errors` include its duplicate keys, in text order. */
export function parseYamlDocuments(text: string, opts: ParseOptions = {}): Document.Parsed[] {
  // Without any document the package returns an empty stream: an empty array, as here.
  const docs: Document.Parsed[] = [...parseAllDocuments(text, options(opts))];
  for (const doc of docs) withDuplicateKeys(doc);
  return docs;
}

/** `text` as one document (more than one is an error of it), as parseDocument reads it. */
export function parseYamlDocument(text: string, opts: ParseOptions = {}): Document.Parsed {
  return withDuplicateKeys(parseDocument(text, options(opts)));
}

/**
 * A document's value, or its first problem on one line (the package's messages carry a multi-line
 * code frame): a syntax error with its line and column, or what converting refused (an alias bomb,
 * an unresolved alias). `lines` is the counter the document was parsed with.
 */
export function documentValue(doc: Document.Parsed, lines: LineCounter): { value: unknown } | { error: string } {
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    return { error: `YAML syntax error at line ${line}, column ${col}: ${error.message.split('\n')[0]}` };
  }
  try {
    return { value: doc.toJS() };
  } catch (err) {
    return { error: `YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
}

function withDuplicateKeys(doc: Document.Parsed): Document.Parsed {
  const duplicates = duplicateKeyErrors(doc);
  if (duplicates.length > 0) {
    doc.errors.push(...duplicates);
    doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  }
  return doc;
}

function duplicateKeyErrors(doc: Document.Parsed): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  visit(doc, {
    Map(_, map) {
      // The package's test: scalar keys with the same value (other keys are equal only to
      // themselves, and one node is never two keys).
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        if (!seen.has(key.value)) {
          seen.add(key.value);
          continue;
        }
        const [start, end] = key.range ?? [0, 0];
        out.push(new YAMLParseError([start, end], 'DUPLICATE_KEY', 'Map keys must be unique'));
      }
    },
  });
  return out;
}
