/**
 * k6's `Element`: the DOM-like view of one node that Selection.each(),
 * get() and toArray() hand out.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element as DomElement } from 'domhandler';

const NODE_TYPES: Record<string, number> = { tag: 1, script: 1, style: 1, text: 3, cdata: 4, directive: 10, comment: 8, root: 9 };

export class Element {
  readonly #$: CheerioAPI;
  readonly #node: AnyNode;

  constructor($: CheerioAPI, node: AnyNode) {
    this.#$ = $;
    this.#node = node;
  }

  get #el(): DomElement | undefined {
    return 'attribs' in this.#node ? this.#node as DomElement : undefined;
  }

  #wrap(node: AnyNode | null | undefined): Element | undefined {
    return node ? new Element(this.#$, node) : undefined;
  }

  get nodeName(): string { return this.#el?.name.toUpperCase() ?? (this.#node.type === 'text' ? '#text' : `#${this.#node.type}`); }
  get nodeType(): number { return NODE_TYPES[this.#node.type] ?? 0; }
  get nodeValue(): string | null { return this.#node.type === 'text' || this.#node.type === 'comment' ? (this.#node as unknown as { data: string }).data : null; }
  get textContent(): string { return this.#$(this.#node).text(); }
  get innerHTML(): string { return this.#$(this.#node).html() ?? ''; }
  get id(): string { return this.#el?.attribs.id ?? ''; }
  get className(): string { return this.#el?.attribs.class ?? ''; }
  get classList(): string[] { return this.className.split(/\s+/).filter(Boolean); }
  get parentNode(): Element | undefined { return this.#wrap(this.#node.parent); }
  get parentElement(): Element | undefined { return this.parentNode; }
  get nextSibling(): Element | undefined { return this.#wrap(this.#node.next); }
  get previousSibling(): Element | undefined { return this.#wrap(this.#node.prev); }
  get childNodes(): Element[] { return ('children' in this.#node ? this.#node.children : []).map((n) => new Element(this.#$, n)); }
  get children(): Element[] { return this.childNodes.filter((c) => c.nodeType === 1); }
  get childElementCount(): number { return this.children.length; }
  get firstChild(): Element | undefined { return this.childNodes[0]; }
  get lastChild(): Element | undefined { return this.childNodes.at(-1); }
  get firstElementChild(): Element | undefined { return this.children[0]; }
  get lastElementChild(): Element | undefined { return this.children.at(-1); }

  getAttribute(name: string): string | undefined { return this.#el?.attribs[name.toLowerCase()]; }
  hasAttribute(name: string): boolean { return this.getAttribute(name) !== undefined; }
  hasAttributes(): boolean { return Object.keys(this.#el?.attribs ?? {}).length > 0; }
  hasChildNodes(): boolean { return this.childNodes.length > 0; }
  /** name → { name, value } as k6 returns it */
  attributes(): Record<string, { name: string; value: string }> {
    return Object.fromEntries(Object.entries(this.#el?.attribs ?? {}).map(([name, value]) => [name, { name, value }]));
  }
  matches(selector: string): boolean { return this.#$(this.#node).is(selector); }
  toString(): string { return `[object ${this.nodeName}]`; }
}
