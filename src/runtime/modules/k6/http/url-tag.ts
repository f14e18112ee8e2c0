/**
 * `http.url` template tag: http.url`https://api/items/${id}` requests the
 * real URL and tags its metrics with name `https://api/items/${}`, so dynamic
 * URLs do not explode the number of series.
 */

/** A URL plus the `name` tag its metrics get. Usable wherever a URL string is. */
export class HttpURL {
  readonly url: string;
  readonly name: string;

  constructor(url: string, name: string) {
    this.url = url;
    this.name = name;
  }

  toString(): string {
    return this.url;
  }
}

/** The tag function; also accepts a plain string (then name = url). */
export function urlTag(strings: TemplateStringsArray | string, ...values: unknown[]): HttpURL {
  if (typeof strings === 'string') return new HttpURL(strings, strings);
  let url = strings[0];
  let name = strings[0];
  for (let i = 0; i < values.length; i++) {
    url += String(values[i]) + strings[i + 1];
    name += '${}' + strings[i + 1];
  }
  return new HttpURL(url, name);
}
