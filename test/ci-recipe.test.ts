/**
 * The CI recipes cannot drift (issue 21, item 3; docs/ci.md): the GitHub
 * workflow, the GitLab job and the composite action all call
 * ci/stampede-ci.sh, which runs here end to end the way the workflow runs
 * it (thresholds pass → 0, a target made 50 ms slower → 111, a threshold
 * that cannot hold → 99); the YAML files validate against their published
 * schemas (GitHub's through @action-validator/core, GitLab's ci.json
 * through gitlab-ci-local, both offline), their steps invoke the script and
 * nothing else of Stampede's, and docs/ci.md shows them byte for byte.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { ROOT, stampede } from './helpers/cli.ts';
import { freePort } from './helpers/target.ts';

const CI_SCRIPT = 'ci/stampede-ci.sh';
const WORKFLOW_FILE = '.github/workflows/load-test.yml';
const GITLAB_FILE = 'ci/gitlab-ci.yml';
const ACTION_FILE = 'action.yml';
const GITLAB_CI_LOCAL = path.join(ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');

const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

// Just enough of each file's shape for these checks (the schemas check the rest).
interface Step { name?: string; id?: string; uses?: string; run?: string; if?: string; shell?: string; 'working-directory'?: string; with?: Record<string, string | number>; env?: Record<string, string> }
interface Workflow { jobs: Record<string, { env?: Record<string, string>; steps: Step[] }> }
interface Action { inputs: Record<string, { required?: boolean; default?: string }>; outputs: Record<string, { value: string }>; runs: { using: string; steps: Step[] } }
interface GitLabCache { key: string | { files: string[] }; fallback_keys?: string[]; paths: string[]; when?: string }
interface GitLabJob { variables: Record<string, string>; cache: GitLabCache[]; before_script?: string[]; script: string[]; artifacts: { when: string; paths: string[]; reports: { junit: string } } }

const workflow = parse(text(WORKFLOW_FILE)) as Workflow;
const job = workflow.jobs['load-test'];
const action = parse(text(ACTION_FILE)) as Action;
const gitlab = parse(text(GITLAB_FILE)) as Record<string, GitLabJob>;

/** The environment variables the script reads: `${STAMPEDE_CI_…` in its text. */
const scriptVariables = new Set([...text(CI_SCRIPT).matchAll(/\$\{(STAMPEDE_CI_[A-Z_]+)/g)].map((m) => m[1]));

interface Ran { code: number | null; out: string }

/** Runs a shell command line as a CI runner would (bash -eo pipefail), output merged; killed after timeoutMs. */
function shell(command: string, opts: { cwd: string; env: Record<string, string | undefined>; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${command} timed out:\n${out}`)); }, opts.timeoutMs ?? 40_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

/** Validates GitLab CI YAML with gitlab-ci-local (GitLab's ci.json through ajv, offline) in a scratch git folder. */
async function validateGitLab(yaml: string): Promise<Ran> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stampede-gitlab-'));
  try {
    await writeFile(path.join(dir, '.gitlab-ci.yml'), yaml);
    // (no GCL_* variables: gitlab-ci-local reads those as its options)
    return await shell('git init -q && "$NODE" "$VALIDATOR" --list --json-schema-validation --no-color', {
      cwd: dir, env: { PATH: process.env.PATH, HOME: dir, NODE: process.execPath, VALIDATOR: GITLAB_CI_LOCAL },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function workflowErrors(yaml: string) { return validateWorkflow(yaml).errors; }

test('the workflow and action.yml validate against the GitHub workflow and action schemas; broken copies do not', () => {
  assert.deepEqual(workflowErrors(text(WORKFLOW_FILE)), []);
  assert.deepEqual(validateAction(text(ACTION_FILE)).errors, []);
  // the validators are live: a job without runs-on, a composite run step without shell
  assert.notDeepEqual(workflowErrors(text(WORKFLOW_FILE).replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')), []);
  assert.notDeepEqual(validateAction(text(ACTION_FILE).replace(/^ {6}shell: bash\n/m, '')).errors, []);
});

test("the GitLab job validates against GitLab's CI schema; a broken copy does not", async () => {
  const good = await validateGitLab(text(GITLAB_FILE));
  assert.equal(good.code, 0, good.out);
  assert.match(good.out, /json schema validated/);
  assert.match(good.out, /^load-test\s+test\s+on_success/m);
  const bad = await validateGitLab(text(GITLAB_FILE).replace('  artifacts:\n    when: always', '  artifacts:\n    when: sometimes'));
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, /Invalid \.gitlab-ci\.yml configuration![\s\S]*'when' property must be one of/);
});

test('the workflow runs ci/stampede-ci.sh for its load test, between restoring and saving .stampede/, and uploads its results whatever the outcome', () => {
  const env = job.env ?? {};
  const steps = job.steps;
  const at = (pred: (s: Step) => boolean, what: string) => {
    const i = steps.findIndex(pred);
    assert.ok(i >= 0, `no step ${what}`);
    return i;
  };
  const run = at((s) => s.run === CI_SCRIPT, `running ${CI_SCRIPT}`);
  assert.equal(steps.filter((s) => s.run?.includes('stampede-ci.sh')).length, 1);
  for (const s of steps) assert.doesNotMatch(s.run ?? '', /stampede run|--baseline|--junit|--report/, 'only the script runs Stampede');
  assert.deepEqual(steps[at((s) => s.uses?.startsWith('actions/setup-node@') ?? false, 'setup-node')].with, { 'node-version': 24, cache: 'npm' });
  const install = at((s) => s.run?.startsWith('npm ci') ?? false, 'installing');
  const target = at((s) => s.run === 'ci/demo-target.sh', 'starting the demo target');
  const restore = at((s) => s.uses?.startsWith('actions/cache/restore@') ?? false, 'restoring the history');
  const upload = at((s) => s.uses?.startsWith('actions/upload-artifact@') ?? false, 'uploading the results');
  const save = at((s) => s.uses?.startsWith('actions/cache/save@') ?? false, 'saving the history');
  assert.ok(install < target && target < run && restore < run && run < upload && run < save, 'install, start, restore, run, then upload and save');
  assert.equal(steps[restore].with?.path, '.stampede');
  assert.equal(steps[save].with?.path, '.stampede');
  assert.equal(steps[save].with?.key, steps[restore].with?.key, 'saved under the key it restores by prefix');
  assert.ok(String(steps[restore].with?.key).startsWith(String(steps[restore].with?.['restore-keys']).split('\n')[0]));
  assert.equal(steps[upload].with?.path, `${env.STAMPEDE_CI_RESULTS}/`);
  // always(): also when the job timed out or was cancelled (exit 105), the results and the history are kept
  for (const s of [steps[upload], steps[save]]) assert.equal(s.if, 'always()', `${s.name} runs after a failed, timed-out or cancelled load test`);
  assert.equal(env.STAMPEDE_CI_BASELINE, 'last-passed');
  assert.equal(env.STAMPEDE_CI_MAX_REGRESSION, '10%');
});

test('the GitLab job runs the same script with the same settings, caches .stampede/ and keeps the results and JUnit whatever the outcome', () => {
  const gl = gitlab['load-test'];
  assert.deepEqual(gl.variables, job.env, "the job's variables are the workflow's env");
  assert.deepEqual(gl.script, ['npm ci --no-audit --no-fund --cache .npm --prefer-offline', 'ci/demo-target.sh', CI_SCRIPT]);
  assert.deepEqual(gl.script.slice(1), job.steps.filter((s) => s.run === 'ci/demo-target.sh' || s.run === CI_SCRIPT).map((s) => s.run), 'the workflow runs the same lines');
  const history = gl.cache.find((c) => c.paths.includes('.stampede/'));
  assert.ok(history, 'a cache of .stampede/');
  assert.equal(history.when, 'always', 'the history is saved after a failed run too');
  assert.doesNotMatch(String(history.key), /\//, "GitLab's cache keys cannot hold a /");
  assert.deepEqual(history.fallback_keys, ['stampede-history-$CI_DEFAULT_BRANCH']);
  const results = gl.variables.STAMPEDE_CI_RESULTS;
  assert.deepEqual(gl.artifacts, { when: 'always', expire_in: '30 days', paths: [`${results}/`], reports: { junit: `${results}/junit.xml` } });
});

test("the composite action runs its own copy of the script with the inputs as the script's variables, and outputs what the script writes", () => {
  const steps = action.runs.steps;
  assert.equal(action.runs.using, 'composite');
  const run = steps.find((s) => s.id === 'run');
  assert.ok(run);
  assert.equal(run.run, `"$GITHUB_ACTION_PATH/${CI_SCRIPT}"`);
  assert.equal(steps.filter((s) => s.run?.includes('stampede-ci.sh')).length, 1);
  for (const s of steps) assert.doesNotMatch(s.run ?? '', /stampede run|--baseline|--junit/, 'only the script runs Stampede');
  assert.deepEqual(run.env, {
    STAMPEDE_CI_SCRIPT: '${{ inputs.script }}',
    STAMPEDE_CI_RESULTS: '${{ inputs.results }}',
    STAMPEDE_CI_BASELINE: '${{ inputs.baseline }}',
    STAMPEDE_CI_MAX_REGRESSION: '${{ inputs.max-regression }}',
    STAMPEDE_CI_FLAGS: '${{ inputs.flags }}',
  });
  assert.equal(run['working-directory'], '${{ inputs.working-directory }}');
  // the same defaults as the workflow and the script
  assert.equal(action.inputs.results.default, job.env?.STAMPEDE_CI_RESULTS);
  assert.equal(action.inputs.baseline.default, job.env?.STAMPEDE_CI_BASELINE);
  assert.equal(action.inputs['max-regression'].default, job.env?.STAMPEDE_CI_MAX_REGRESSION);
  assert.equal(action.inputs.script.required, true);
  // the step outputs the action passes on are the ones the script appends to $GITHUB_OUTPUT
  for (const [name, output] of Object.entries(action.outputs)) {
    assert.equal(output.value, `\${{ steps.run.outputs.${name} }}`);
    assert.match(text(CI_SCRIPT), new RegExp(`echo "${name}=`));
  }
  const install = steps.findIndex((s) => s.run?.startsWith('npm ci'));
  assert.equal(steps[install]['working-directory'], '${{ github.action_path }}');
  const restore = steps.findIndex((s) => s.uses?.startsWith('actions/cache/restore@'));
  const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
  const save = steps.findIndex((s) => s.uses?.startsWith('actions/cache/save@'));
  const runAt = steps.indexOf(run);
  assert.ok(install < runAt && restore < runAt && runAt < upload && runAt < save);
  assert.equal(steps[save].with?.path, steps[restore].with?.path);
  assert.equal(steps[save].with?.path, '${{ inputs.working-directory }}/.stampede');
  assert.equal(steps[save].with?.key, steps[restore].with?.key);
  assert.match(String(steps[upload].if), /^always\(\) && /);
  assert.match(String(steps[save].if), /^always\(\) && /);
});

test('every STAMPEDE_CI_ variable the YAML files set is one the script reads, and docs/ci.md lists each', () => {
  const used = new Set([...[WORKFLOW_FILE, GITLAB_FILE, ACTION_FILE, 'docs/ci.md'].flatMap((f) => [...text(f).matchAll(/\b(STAMPEDE_CI_[A-Z_]+)/g)].map((m) => m[1]))]);
  assert.ok(scriptVariables.size >= 6, [...scriptVariables].join());
  for (const name of used) assert.ok(scriptVariables.has(name), `${name} is not read by ${CI_SCRIPT}`);
  for (const name of scriptVariables) assert.match(text('docs/ci.md'), new RegExp(`\\| \`${name}\` \\|`), `docs/ci.md's table lists ${name}`);
  for (const file of [CI_SCRIPT, 'ci/demo-target.sh']) accessSync(path.join(ROOT, file), constants.X_OK);
});

test('docs/ci.md shows the workflow and the GitLab job byte for byte, and every other YAML block in it validates', async () => {
  const doc = text('docs/ci.md');
  const blocks = [...doc.matchAll(/^(.*)\n```yaml\n([\s\S]*?)^```$/gm)].map((m) => ({ marker: m[1], body: m[2] }));
  assert.ok(blocks.length >= 4, `${blocks.length} YAML blocks`);
  const shown = new Set<string>();
  for (const { marker, body } of blocks) {
    const m = /^<!-- ci-recipe: (file (\S+)|github-workflow|gitlab-ci) -->$/.exec(marker);
    assert.ok(m, `a YAML block in docs/ci.md without a ci-recipe marker, after: ${marker}`);
    if (m[2]) {
      assert.equal(body, text(m[2]), `docs/ci.md shows ${m[2]} as it is`);
      shown.add(m[2]);
    } else if (m[1] === 'github-workflow') {
      assert.deepEqual(workflowErrors(body), [], body);
      // the action's use: known inputs, the required ones given
      const uses = Object.values((parse(body) as Workflow).jobs).flatMap((j) => j.steps).filter((s) => /^OWNER\/stampede@/.test(s.uses ?? ''));
      assert.equal(uses.length, 1);
      for (const key of Object.keys(uses[0].with ?? {})) assert.ok(key in action.inputs, `action.yml has no input ${key}`);
      for (const [key, input] of Object.entries(action.inputs)) if (input.required) assert.ok(uses[0].with && key in uses[0].with, `${key} is required`);
    } else {
      const r = await validateGitLab(body);
      assert.equal(r.code, 0, `${r.out}\n${body}`);
      // its cache of the history and its artifacts are the recipe's
      const other = Object.values(parse(body) as Record<string, GitLabJob>)[0];
      const recipe = gitlab['load-test'];
      assert.deepEqual(other.cache.find((c) => c.paths.includes('.stampede/')), recipe.cache.find((c) => c.paths.includes('.stampede/')));
      assert.deepEqual(other.artifacts, recipe.artifacts);
      assert.deepEqual(other.script, [`/opt/stampede/${CI_SCRIPT}`]);
      for (const name of Object.keys(recipe.variables)) assert.ok(name in other.variables, `${name} set`);
    }
  }
  assert.deepEqual([...shown].sort(), [GITLAB_FILE, WORKFLOW_FILE].sort());
});

// --- end to end: the workflow's steps in a scratch checkout ---------------

/** A scratch folder standing in for the workflow's checkout: ci/ is the repository's. */
let work: string;
/** demo-target processes this file started, by PID */
const targets: number[] = [];
const step = (name: string) => {
  const s = job.steps.find((x) => x.name?.startsWith(name));
  assert.ok(s?.run, `the workflow's step "${name}"`);
  return s.run;
};

function ciEnv(extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  // nothing of the caller's CI or Stampede settings leaks in
  for (const name of Object.keys(env)) if (/^(GITHUB_|STAMPEDE_|K6_|DEMO_TARGET_)/.test(name)) delete env[name];
  return {
    ...env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
    NO_COLOR: '1',
    ...job.env,
    DURATION: '3s',
    // the CLI from source, as the other integration tests run it (dist/ may be older than src/)
    STAMPEDE_CI_COMMAND: `${process.execPath} ${path.join(ROOT, 'src', 'cli', 'main.ts')}`,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: path.join(work, 'github-output'),
    GITHUB_STEP_SUMMARY: path.join(work, 'github-step-summary.md'),
    ...extra,
  };
}

/** Runs the workflow's "Start the system under test" step on a free port; returns BASE_URL. */
async function startDemoTarget(delayMs: number): Promise<string> {
  const url = `http://127.0.0.1:${await freePort()}`;
  const r = await shell(step('Start the system under test'), { cwd: work, env: ciEnv({ BASE_URL: url, DEMO_TARGET_DELAY_MS: String(delayMs) }) });
  const pid = Number(await readFile(path.join(work, 'demo-target.pid'), 'utf8'));
  if (pid > 0) targets.push(pid);
  assert.equal(r.code, 0, r.out);
  assert.ok(r.out.includes(`listening on ${url}`), r.out);
  return url;
}

async function stopDemoTargets(): Promise<void> {
  for (const pid of targets.splice(0)) {
    try { process.kill(pid, 'SIGTERM'); } catch { continue; }
    for (let i = 0; i < 50; i++) {
      try { process.kill(pid, 0); } catch { break; }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Runs the workflow's "Load test" step. */
function loadTest(env: Record<string, string>): Promise<Ran> {
  return shell(step('Load test'), { cwd: work, env: ciEnv(env), timeoutMs: 60_000 });
}

const results = (file: string) => readFile(path.join(work, job.env?.STAMPEDE_CI_RESULTS ?? '', file), 'utf8');
/** ids of the runs saved so far, oldest first */
const runs: string[] = [];
/** BASE_URL of the demo target made 50 ms slower */
let slowUrl = '';

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'stampede-ci-recipe-'));
  await symlink(path.join(ROOT, 'ci'), path.join(work, 'ci'));
});

after(async () => {
  await stopDemoTargets();
  await rm(work, { recursive: true, force: true });
});

test('end to end, first run: thresholds pass → exit 0 with no baseline yet; the artifacts, the history and the GitHub outputs are written', async () => {
  const url = await startDemoTarget(0);
  const r = await loadTest({ BASE_URL: url });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /--baseline last-passed --max-regression 10% ci\/load-test\.js/);
  assert.match(r.out, /WARN.*--baseline last-passed: no such run .*nothing to compare with/);
  assert.match(r.out, /stampede-ci: exit 0: passed: every threshold held; no baseline to compare with yet/);
  const id = /run saved as (\S+)/.exec(r.out)?.[1];
  assert.ok(id, r.out);
  runs.push(id);
  assert.ok(existsSync(path.join(work, '.stampede', 'history.db')), 'the history is in .stampede/, the folder the recipes cache');
  const junit = await results('junit.xml');
  assert.match(junit, /<testsuites name="stampede" tests="\d+" failures="0"/);
  assert.match(junit, /name="http_req_duration - p\(95\)&lt;500"\/>/);
  assert.match(await results('report.html'), /<html/i);
  const summary = JSON.parse(await results('summary.json')) as { metrics: Record<string, Record<string, number>> };
  assert.ok(summary.metrics.http_reqs.count >= 40, `${summary.metrics.http_reqs.count} requests in 3 s at 20/s`);
  assert.equal(summary.metrics.http_req_failed.value, 0);
  assert.equal((await results('exit-code')).trim(), '0');
  assert.ok((await results('run.log')).includes(`run saved as ${id}`));
  assert.match(await results('summary.md'), new RegExp(`passed.*${id}`));
  assert.equal(await readFile(path.join(work, 'github-output'), 'utf8'), `exit-code=0\nrun-id=${id}\nresults=${job.env?.STAMPEDE_CI_RESULTS}\n`);
  assert.equal(await readFile(path.join(work, 'github-step-summary.md'), 'utf8'), await results('summary.md'));
  assert.doesNotMatch(r.out, /::error/);
});

test('end to end, the target 50 ms slower: the baseline gate fails the run with exit 111 naming p(95)', async () => {
  assert.equal(runs.length, 1, 'needs the first run');
  await stopDemoTargets();
  slowUrl = await startDemoTarget(50);
  await rm(path.join(work, 'github-output'));
  const r = await loadTest({ BASE_URL: slowUrl });
  assert.equal(r.code, 111, r.out);
  assert.match(r.out, new RegExp(`ERRO.*http_req_duration p\\(95\\) regressed [\\d.]+ % \\([\\d.]+ ms → [\\d.]+ ms\\), more than the allowed 10 % \\(baseline ${runs[0]}\\)`));
  assert.match(r.out, /stampede-ci: exit 111: regressed: p\(95\) or the error rate is more than 10% worse than the baseline \(last-passed\)/);
  assert.match(r.out, /^::error title=Stampede exit 111::regressed: .* more than 10%25 worse/m);
  assert.equal((await results('exit-code')).trim(), '111');
  // the thresholds themselves held: it is the gate that failed, and the JUnit report says so in its baseline suite
  const junit = await results('junit.xml');
  assert.match(junit, /<testsuite name="thresholds" tests="\d+" failures="0"/);
  assert.match(junit, new RegExp(`<testsuite name="baseline" tests="\\d+" failures="1"[^>]*>\\s*<testcase classname="baseline" name="http_req_duration p\\(95\\) within 10 % of ${runs[0]}"><failure type="regression" message="http_req_duration p\\(95\\) regressed`));
  const id = /run saved as (\S+)/.exec(r.out)?.[1];
  assert.ok(id);
  runs.push(id);
  assert.match(await readFile(path.join(work, 'github-output'), 'utf8'), new RegExp(`^exit-code=111\nrun-id=${id}\n`));
  const listed = await stampede(['runs', '--json'], { cwd: work, env: { STAMPEDE_NO_HISTORY: '', STAMPEDE_HISTORY_DIR: path.join(work, '.stampede') } });
  assert.equal(listed.code, 0, listed.stderr);
  const saved = JSON.parse(listed.stdout) as { id: string; status: string }[];
  assert.deepEqual(saved.map((s) => [s.id, s.status]), [[id, 'failed'], [runs[0], 'passed']], 'last-passed still names the first run');
});

test('end to end, a threshold that cannot hold: exit 99 with its failing JUnit test case', async () => {
  assert.equal(runs.length, 2, 'needs the slow target of the previous test');
  await writeFile(path.join(work, 'strict.json'), JSON.stringify({ thresholds: { http_req_duration: ['p(95)<1'] } }));
  const r = await loadTest({ BASE_URL: slowUrl, DURATION: '1s', STAMPEDE_CI_FLAGS: '-c strict.json --tag gate=strict' });
  assert.equal(r.code, 99, r.out);
  assert.match(r.out, /-c strict\.json --tag gate=strict ci\/load-test\.js/);
  assert.match(r.out, /stampede-ci: exit 99: thresholds failed/);
  assert.match(await results('junit.xml'), /<testcase classname="thresholds" name="http_req_duration - p\(95\)&lt;1"><failure type="threshold"/);
});

test('end to end, no such script: exit 107 through the checkout\'s ./stampede; no script at all: exit 2', async () => {
  const env = ciEnv({ STAMPEDE_CI_COMMAND: '' });
  const r = await shell(`${step('Load test')} no-such-script.js`, { cwd: work, env });
  assert.equal(r.code, 107, r.out);
  assert.ok(r.out.includes(`stampede-ci: ${path.join(ROOT, 'stampede')} run `), r.out);
  assert.match(r.out, /stampede-ci: exit 107: the script could not be loaded/);
  const none = await shell(step('Load test'), { cwd: work, env: { ...env, STAMPEDE_CI_SCRIPT: '' } });
  assert.equal(none.code, 2, none.out);
  assert.match(none.out, /stampede-ci: no k6 script given/);
});
