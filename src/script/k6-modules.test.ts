/**
 * The module table (k6-modules.ts) is what the compiler obeys: every provided
 * module stays external, every module k6 has and Stampede does not is refused
 * at compile time with its hint, and every blocking export is awaited.
 * (runtime/modules/index.test.ts checks the runtime side of the same table.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ScriptError } from '../errors/index.ts';
import { compileScript } from './index.ts';
import { MODULES, PROVIDED_MODULES, JSLIB_PREFIX, isK6Specifier, isProvidedModule, jslibSpecifierFor, moduleEntry, type ModuleEntry } from './k6-modules.ts';
import { Blocking, MEMBER_RULES, exportRule } from './blocking-rules.ts';
import { compileFixture, fixtureDir } from './test-kit.test.ts';

const ENTRIES = Object.entries(MODULES) as [string, ModuleEntry][];

test('an unknown k6 module lists only the modules Stampede provides', async () => {
  const dir = await fixtureDir({ 'script.js': `import sql from 'k6/x/sql';\nexport default function () { sql(); }\n` });
  const err = await compileScript(path.join(dir, 'script.js')).then(() => assert.fail('compiled'), (e: unknown) => e);
  assert.ok(err instanceof ScriptError);
  assert.equal(err.code, 'E_SCRIPT_UNKNOWN_MODULE');
  assert.match(err.hint ?? '', /k6\/http/);
  assert.doesNotMatch(err.hint ?? '', /stampede:jslib/);
  assert.match(err.hint ?? '', /k6\/browser/);
  assert.match(err.hint ?? '', /k6\/secrets/);
});

test('every provided module compiles as an external import served by the VU context', async () => {
  const imports = PROVIDED_MODULES.map((s, i) => `import * as m${i} from '${s.startsWith(JSLIB_PREFIX) ? jslibUrlOf(s) : s}';`);
  const compiled = await compileFixture({
    'script.js': `${imports.join('\n')}\nexport default function () { return [${PROVIDED_MODULES.map((_, i) => `m${i}`).join(', ')}]; }\n`,
  }, 'script.js');
  for (const s of PROVIDED_MODULES) assert.ok(compiled.code.includes(`__vuContext.import(${JSON.stringify(s)})`), `${s} is not imported from the VU context`);
});

/** A jslib.k6.io URL the entry's pattern accepts. */
function jslibUrlOf(specifier: string): string {
  const name = specifier.slice(JSLIB_PREFIX.length);
  const url = `https://jslib.k6.io/${name}/1.0.0/${name === 'papaparse' ? 'papaparse' : 'index'}.js`;
  assert.equal(jslibSpecifierFor(url), specifier);
  return url;
}

test("table keys: k6 modules are k6 specifiers, Stampede's own are stampede/…, the others built-in jslib libraries with a URL pattern", () => {
  for (const [specifier, entry] of ENTRIES) {
    if (isK6Specifier(specifier)) continue;
    if (specifier.startsWith('stampede/')) { assert.ok(entry.provided, specifier); continue; }
    assert.ok(specifier.startsWith(JSLIB_PREFIX), specifier);
    assert.ok(entry.provided && entry.jslibUrl, `${specifier} has no jslib URL pattern`);
  }
  assert.equal(moduleEntry('toString'), undefined);
  assert.equal(isProvidedModule('k6/x/sql'), false);
  assert.equal(isProvidedModule('k6/browser'), true);
  assert.equal(isProvidedModule('k6/http'), true);
  assert.equal(jslibSpecifierFor('https://example.com/k6-utils/1.0.0/index.js'), undefined);
});

test('every blocking export of the table is awaited, through a named import and a namespace', async () => {
  for (const [specifier, entry] of ENTRIES) {
    if (!entry.provided) continue;
    for (const [name, rule] of Object.entries(entry.blocking.exports)) {
      assert.equal(exportRule(specifier, name), rule);
      if (rule.kind !== 'always') continue;
      const compiled = await compileFixture({
        'script.js': `import { ${name} as named } from '${specifier}';\nimport * as ns from '${specifier}';\nexport default function () { named('a'); ns.${name}('b'); }\n`,
      }, 'script.js');
      assert.match(compiled.code, /\(await named\("a"\)\)/, `${specifier} ${name}() is not awaited`);
      assert.match(compiled.code, new RegExp(`\\(await ns\\.${name}\\("b"\\)\\)`), `${specifier} ns.${name}() is not awaited`);
    }
  }
});

test('member rules come from the table: methods of the objects a module hands out', () => {
  const http = MEMBER_RULES.find((r) => r.module === 'k6/http');
  assert.deepEqual([...http?.members ?? []], ['submitForm', 'clickLink']);
  assert.ok(MEMBER_RULES.some((r) => r.module === 'k6/net/grpc' && r.members.has('invoke')));
  assert.equal(exportRule('k6/http', 'asyncRequest'), undefined, 'asyncRequest returns a Promise in k6 too');
  assert.equal(exportRule('k6/browser', 'browser'), undefined);
});

test('the blocking levels are ordered No < Maybe < Surely', () => {
  assert.ok(Blocking.No < Blocking.Maybe && Blocking.Maybe < Blocking.Surely);
});
