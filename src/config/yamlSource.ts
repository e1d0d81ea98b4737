// A parsed YAML file that can say where (line:column) a value or key lives, so configuration errors
// point at the exact place in the file.
import { isMap, isNode, LineCounter, type Document } from 'yaml';
import { parseYamlDocument } from '../common/yamlDocuments.js';

export interface Problem {
  /** Dotted path inside the document, e.g. `spec.jobs[0].schedulerPort`. */
  path: string;
  line?: number;
  col?: number;
  message: string;
}

export type Segment = string | number;

export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out || '(document)';
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(
      problems.length === 1
        ? `${where(file, problems[0]!)}: ${problems[0]!.path}: ${problems[0]!.message}`
        : `${file}: ${problems.length} problems:\n${problems.map((p) => `  ${where(file, p)}: ${p.path}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function where(file: string, p: Problem): string {
  return p.line !== undefined ? `${file}:${p.line}:${p.col ?? 1}` : file;
}

export class YamlSource {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses text; syntax errors throw a ConfigError naming line and column. */
  static parse(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseYamlDocument(text, { lineCounter: lines });
    if (doc.errors.length > 0) {
      throw new ConfigError(
        file,
        doc.errors.map((e) => {
          const pos = lines.linePos(e.pos[0]);
          return { path: '(syntax)', line: pos.line, col: pos.col, message: e.message.split('\n')[0]! };
        }),
      );
    }
    return new YamlSource(file, doc, lines);
  }

  toJS(): unknown {
    return this.doc.toJS();
  }

  /** A problem located at a value (or, with `key`, at that key of a mapping). */
  problem(segments: readonly Segment[], message: string, key?: string): Problem {
    const pos = this.position(segments, key);
    return { path: formatPath(key ? [...segments, key] : segments), ...pos, message };
  }

  private position(segments: readonly Segment[], key?: string): { line?: number; col?: number } {
    // Walk up until a node exists (a missing property is reported at its parent).
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(segments.slice(0, n), true);
      if (!isNode(node)) continue;
      let range = node.range;
      if (key !== undefined && n === segments.length && isMap(node)) {
        const pair = node.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === key);
        if (pair && isNode(pair.key)) range = pair.key.range;
      }
      if (!range) continue;
      const { line, col } = this.lines.linePos(range[0]);
      return { line, col };
    }
    return {};
  }
}
