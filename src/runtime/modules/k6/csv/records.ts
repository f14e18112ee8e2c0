/**
 * CSV records (RFC 4180) read one at a time from a position in a text, so
 * a streaming parser keeps only its offset: fields separated by a one-
 * character delimiter, double-quoted fields may hold delimiters, line breaks
 * and `""` for a quote; CRLF or LF ends a record.
 */

export interface CsvRecord {
  fields: string[];
  /** where the next record starts */
  next: number;
}

/** The record starting at `offset`, or undefined at the end of `text`. */
export function readRecord(text: string, offset: number, delimiter: string): CsvRecord | undefined {
  if (offset >= text.length) return undefined;
  const fields: string[] = [];
  let i = offset;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) throw new Error(`unterminated quoted field starting at character ${i - 1}`);
        field += text.slice(i, quote);
        if (text[quote + 1] === '"') { field += '"'; i = quote + 2; continue; }
        i = quote + 1;
        break;
      }
    }
    // an unquoted field, or what follows a quoted one, runs to the delimiter or the end of the line
    let end = i;
    while (end < text.length && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
    field += text.slice(i, end);
    fields.push(field);
    i = end;
    if (i < text.length && text[i] === delimiter) { i++; continue; }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    return { fields, next: i };
  }
}
