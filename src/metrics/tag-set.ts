/**
 * Stable keys for tag sets: the same tags give the same key whatever order
 * their properties were added in. `tagKey` computes one; `TagKeyInterner`
 * is the hot-path form that hands back the same (hash-cached) string for
 * tags it has seen, without sorting or concatenating again.
 */
import type { Tags } from './types.ts';

const NAME_VALUE_SEPARATOR = '\u001f';
const PAIR_SEPARATOR = '\u001e';

/** The canonical key of a tag set: pairs sorted by tag name. `{}` gives ''. */
export function tagKey(tags: Tags): string {
  const names = Object.keys(tags);
  if (names.length > 1) names.sort();
  let key = '';
  for (let i = 0; i < names.length; i++) {
    key += (i === 0 ? '' : PAIR_SEPARATOR) + names[i] + NAME_VALUE_SEPARATOR + tags[names[i]];
  }
  return key;
}

interface TrieNode {
  /** tag name → tag value → next node */
  children: Map<string, Map<string, TrieNode>> | undefined;
  /** the canonical key of the tag set that ends here */
  key: string | undefined;
}

/** How many recently seen tag objects `keyOf` recognises by identity. */
const RECENT = 4;

function newNode(): TrieNode {
  return { children: undefined, key: undefined };
}

/**
 * Interns tag-set keys. Tag sets are walked in their own property order
 * through a trie of name → value, so a known tag set costs a few Map
 * lookups and no allocation; the node it ends at remembers the canonical
 * key. Memory is bounded: past `maxNodes` trie nodes the cache starts over.
 */
export class TagKeyInterner {
  #root = newNode();
  #nodes = 0;
  readonly #maxNodes: number;
  /**
   * The last few tag objects seen and their keys: callers reuse tag objects
   * (a VU's request tags, its iteration tags), so most calls end here.
   */
  readonly #recentTags: (Tags | undefined)[] = [undefined, undefined, undefined, undefined];
  readonly #recentKeys: string[] = ['', '', '', ''];
  #nextRecent = 0;

  constructor(opts: { maxNodes?: number } = {}) {
    this.#maxNodes = opts.maxNodes ?? 200_000;
  }

  /** Same result as `tagKey(tags)`. Hot path. */
  keyOf(tags: Tags): string {
    const recent = this.#recentTags;
    for (let i = 0; i < RECENT; i++) if (recent[i] === tags) return this.#recentKeys[i];
    let node = this.#root;
    for (const name in tags) node = this.#child(node, name, tags[name]);
    let key = node.key;
    if (key === undefined) key = node.key = tagKey(tags);
    const slot = this.#nextRecent;
    recent[slot] = tags;
    this.#recentKeys[slot] = key;
    this.#nextRecent = (slot + 1) % RECENT;
    return key;
  }

  #child(node: TrieNode, name: string, value: string): TrieNode {
    let byName = node.children;
    if (byName === undefined) byName = node.children = new Map();
    let byValue = byName.get(name);
    if (byValue === undefined) {
      byValue = new Map();
      byName.set(name, byValue);
    }
    let next = byValue.get(value);
    if (next === undefined) {
      if (++this.#nodes > this.#maxNodes) this.#clear();
      next = newNode();
      byValue.set(value, next);
    }
    return next;
  }

  #clear(): void {
    // The walk in progress keeps its (now detached) path; the next call starts fresh.
    this.#root = newNode();
    this.#nodes = 0;
  }
}
