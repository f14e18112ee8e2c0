/**
 * The few DOM helpers the report page's views share (browser only): find an
 * element of the page shell, build an element with children, read a JSON
 * block the server embedded.
 */

/** An element of the page shell (page.ts renders every id the views use). */
export function byId(id: string): HTMLElement {
  return document.getElementById(id)!;
}

/** `<tag class="cls">children…</tag>`; undefined children are skipped. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const c of children) if (c !== undefined) node.append(c);
  return node;
}

/** The parsed content of a `<script type="application/json" id=…>` block (null when absent). */
export function readJson(id: string): unknown {
  return JSON.parse(document.getElementById(id)?.textContent || 'null');
}
