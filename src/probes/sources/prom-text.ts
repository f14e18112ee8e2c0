/**
 * Reads the Prometheus text exposition format (what a `/metrics` endpoint
 * answers) into samples: comments and blank lines are skipped, label values
 * are unescaped, timestamps and OpenMetrics exemplars are ignored. The HTTP
 * probe's `metric` option picks samples out of it by name.
 */

export interface PromTextSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample in `text`, in order. Throws `line N: …` on a line that is not a sample. */
export function parsePrometheusText(text: string): PromTextSample[] {
  const samples: PromTextSample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      samples.push(parseLine(line));
    } catch (err) {
      throw new Error(`line ${i + 1}: ${(err as Error).message}: ${line.length > 120 ? `${line.slice(0, 120)}…` : line}`);
    }
  }
  return samples;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** A cursor over one line. */
class Line {
  pos = 0;
  readonly text: string;
  constructor(text: string) { this.text = text; }
  get rest(): string { return this.text.slice(this.pos); }
  skipSpace(): void { while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++; }
  take(re: RegExp): string | undefined {
    const m = re.exec(this.rest);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  /** A double-quoted string with `\\`, `\"` and `\n` escapes; the cursor is on the opening quote. */
  quoted(): string {
    let out = '';
    for (this.pos++; this.pos < this.text.length; this.pos++) {
      const ch = this.text[this.pos];
      if (ch === '"') { this.pos++; return out; }
      if (ch === '\\') {
        const next = this.text[++this.pos];
        // Prometheus unescapes only these three; any other pair is kept as written
        out += next === 'n' ? '\n' : next === '\\' || next === '"' ? next : `\\${next ?? ''}`;
      } else {
        out += ch;
      }
    }
    throw new Error('unterminated quoted string');
  }
}

function parseLine(text: string): PromTextSample {
  const line = new Line(text);
  let name = line.take(NAME);
  const labels: Record<string, string> = {};
  if (line.text[line.pos] === '{') {
    line.pos++;
    parseLabels(line, labels, (quotedName) => {
      // Prometheus 3 / OpenMetrics 2 spell a name outside the classic charset as `{"my.metric", …}`
      if (name !== undefined) throw new Error('a quoted metric name after a metric name');
      name = quotedName;
    });
  }
  if (name === undefined) throw new Error('no metric name');
  line.skipSpace();
  // value, then an optional timestamp; an OpenMetrics exemplar starts with ` # `
  const [valueText] = line.rest.split(/[ \t]+/);
  if (valueText === undefined || valueText === '') throw new Error('no value');
  return { name, labels, value: parseValue(valueText) };
}

function parseLabels(line: Line, labels: Record<string, string>, onQuotedName: (name: string) => void): void {
  for (;;) {
    line.skipSpace();
    if (line.text[line.pos] === '}') { line.pos++; return; }
    let label: string | undefined;
    if (line.text[line.pos] === '"') {
      const quoted = line.quoted();
      line.skipSpace();
      if (line.text[line.pos] !== '=') {
        onQuotedName(quoted);
        label = undefined;
      } else {
        label = quoted;
      }
    } else {
      label = line.take(LABEL_NAME);
      if (label === undefined) throw new Error(`a label name expected at column ${line.pos + 1}`);
      line.skipSpace();
    }
    if (label !== undefined) {
      if (line.text[line.pos] !== '=') throw new Error(`"=" expected after label ${label}`);
      line.pos++;
      line.skipSpace();
      if (line.text[line.pos] !== '"') throw new Error(`a quoted value expected for label ${label}`);
      labels[label] = line.quoted();
      line.skipSpace();
    }
    const ch = line.text[line.pos];
    if (ch === ',') { line.pos++; continue; }
    if (ch === '}') { line.pos++; return; }
    throw new Error(ch === undefined ? 'unterminated label set' : `"," or "}" expected at column ${line.pos + 1}`);
  }
}

/** A sample value as Go's ParseFloat reads it: decimal, exponent, NaN, ±Inf (any case). */
function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const value = Number(text);
  // Number() also reads "Infinity", "0x1f" and "" — only plain decimals pass
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) || Number.isNaN(value)) throw new Error(`not a number: ${text}`);
  return value;
}
