/**
 * k6's `Selection` (k6/html, Response.html()): a jQuery-like set of nodes
 * over cheerio. Methods return new Selections; each()/map() call back with
 * (index, Element) and (index, Selection) as k6 does.
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { Element } from './element.ts';

type Pred = string | ((index: number, sel: Selection) => boolean);

export class Selection {
  readonly #$: CheerioAPI;
  readonly #set: Cheerio<AnyNode>;

  constructor($: CheerioAPI, set: Cheerio<AnyNode>) {
    this.#$ = $;
    this.#set = set;
  }

  #of(set: Cheerio<AnyNode>): Selection { return new Selection(this.#$, set); }
  #one(node: AnyNode): Selection { return this.#of(this.#$(node)); }
  #pred(p: Pred): string | ((i: number, n: AnyNode) => boolean) {
    return typeof p === 'function' ? (i: number, n: AnyNode) => Boolean(p(i, this.#one(n))) : p;
  }

  // traversal
  find(selector: string): Selection { return this.#of(this.#set.find(selector)); }
  children(selector?: string): Selection { return this.#of(selector ? this.#set.children(selector) : this.#set.children()); }
  contents(): Selection { return this.#of(this.#set.contents()); }
  parent(selector?: string): Selection { return this.#of(selector ? this.#set.parent(selector) : this.#set.parent()); }
  parents(selector?: string): Selection { return this.#of(selector ? this.#set.parents(selector) : this.#set.parents()); }
  parentsUntil(selector?: string, filter?: string): Selection { return this.#of(this.#set.parentsUntil(selector, filter)); }
  closest(selector: string): Selection { return this.#of(this.#set.closest(selector)); }
  next(selector?: string): Selection { return this.#of(selector ? this.#set.next(selector) : this.#set.next()); }
  nextAll(selector?: string): Selection { return this.#of(selector ? this.#set.nextAll(selector) : this.#set.nextAll()); }
  nextUntil(selector?: string, filter?: string): Selection { return this.#of(this.#set.nextUntil(selector, filter)); }
  prev(selector?: string): Selection { return this.#of(selector ? this.#set.prev(selector) : this.#set.prev()); }
  prevAll(selector?: string): Selection { return this.#of(selector ? this.#set.prevAll(selector) : this.#set.prevAll()); }
  prevUntil(selector?: string, filter?: string): Selection { return this.#of(this.#set.prevUntil(selector, filter)); }
  siblings(selector?: string): Selection { return this.#of(selector ? this.#set.siblings(selector) : this.#set.siblings()); }

  // filtering
  first(): Selection { return this.#of(this.#set.first()); }
  last(): Selection { return this.#of(this.#set.last()); }
  eq(index: number): Selection { return this.#of(this.#set.eq(index)); }
  slice(start: number, end?: number): Selection { return this.#of(this.#set.slice(start, end)); }
  filter(p: Pred): Selection { return this.#of(this.#set.filter(this.#pred(p))); }
  not(p: Pred): Selection { return this.#of(this.#set.not(this.#pred(p))); }
  has(selector: string): Selection { return this.#of(this.#set.has(selector)); }
  is(p: Pred): boolean { return this.#set.is(this.#pred(p)); }
  add(selector: string): Selection { return this.#of(this.#set.add(selector)); }

  // values
  text(): string { return this.#set.text(); }
  html(): string | undefined { return this.#set.html() ?? undefined; }
  attr(name: string, def?: string): string | undefined { return this.#set.attr(name) ?? def; }
  val(): string | string[] | undefined { return this.#set.val(); }
  data(key?: string): unknown { return key === undefined ? this.#set.data() : this.#set.data(key); }
  size(): number { return this.#set.length; }
  get length(): number { return this.#set.length; }

  // iteration
  each(fn: (index: number, element: Element) => void): Selection {
    this.#set.toArray().forEach((n, i) => fn(i, new Element(this.#$, n)));
    return this;
  }
  map<T>(fn: (index: number, sel: Selection) => T): T[] {
    return this.#set.toArray().map((n, i) => fn(i, this.#one(n)));
  }
  get(index?: number): Element | Element[] | undefined {
    if (index === undefined) return this.toArray();
    const n = this.#set.get(index < 0 ? this.#set.length + index : index);
    return n ? new Element(this.#$, n) : undefined;
  }
  toArray(): Element[] { return this.#set.toArray().map((n) => new Element(this.#$, n)); }

  // forms
  serializeArray(): { name: string; value: string }[] { return this.#set.serializeArray(); }
  serialize(): string { return this.#set.serialize(); }
  serializeObject(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const { name, value } of this.serializeArray()) {
      const prev = out[name];
      out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    return out;
  }
}
