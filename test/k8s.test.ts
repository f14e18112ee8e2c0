/**
 * `stampede k8s`: the rendered objects are valid Kubernetes (the OpenAPI
 * schemas of kubernetes-models, and no field the API types do not have),
 * and what their pods would run works: the coordinator's and the agents'
 * command lines from the manifests, with the Secret's token, the
 * ConfigMap's archive and JOB_COMPLETION_INDEX, run here on loopback.
 * No cluster is reachable from this machine: nothing is applied.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { Secret, ConfigMap, Service } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ROOT, scriptDir, spawnStampede, stampede } from './helpers/cli.ts';
import { startTarget } from './helpers/target.ts';
import { coordinatorUrl } from './helpers/distributed.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SCRIPT = `import http from 'k6/http';
export const options = {
  scenarios: { shared: { executor: 'shared-iterations', vus: 6, iterations: 90 } },
  thresholds: { iterations: ['count==90'] },
};
export function setup() { http.get(__ENV.TARGET + '/setup'); }
export default function () { http.get(__ENV.TARGET + '/hit'); }
`;

async function render(extra: string[] = []): Promise<{ dir: string; objects: Obj[] }> {
  const dir = await scriptDir({ 'checkout.js': SCRIPT });
  const out = path.join(dir, 'manifests');
  const r = await stampede(['k8s', path.join(dir, 'checkout.js'), '--instances', '3', '--image', 'registry.example/stampede:0.1.0', '-o', out, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /kubectl apply --server-side -f/);
  const objects = readdirSync(out).sort().map((f) => parse(readFileSync(path.join(out, f), 'utf8')) as Obj);
  return { dir, objects };
}

/** Type-checks the objects as the Kubernetes API types: an unknown or misplaced field is an excess property. */
function typecheckAsKubernetes(objects: Obj[], name: string): { ok: boolean; output: string } {
  const dir = path.join(ROOT, 'test-artifacts', 'k8s-types');
  mkdirSync(dir, { recursive: true });
  const typeOf: Record<string, string> = { Secret: 'ISecret', ConfigMap: 'IConfigMap', Service: 'IService', Job: 'IJob' };
  const file = path.join(dir, `${name}.ts`);
  writeFileSync(file, [
    "import type { ISecret, IConfigMap, IService } from 'kubernetes-models/v1';",
    "import type { IJob } from 'kubernetes-models/batch/v1';",
    ...objects.map((o, i) => `export const o${i}: ${typeOf[o.kind]} = ${JSON.stringify(o)};`),
  ].join('\n'));
  try {
    const output = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', file], { cwd: ROOT, stdio: 'pipe' }).toString();
    return { ok: true, output };
  } catch (err) {
    return { ok: false, output: String((err as { stdout?: Buffer }).stdout ?? err) };
  }
}

test('stampede k8s renders a Secret, a ConfigMap, a Service and two Jobs, valid against the Kubernetes schemas and API types', async () => {
  const { objects } = await render(['--namespace', 'load', '--agent-cpu', '1500m']);
  assert.deepEqual(objects.map((o) => o.kind), ['Secret', 'ConfigMap', 'Service', 'Job', 'Job']);
  const models: Record<string, new (data: never) => { validate(): void }> = { Secret, ConfigMap, Service, Job };
  for (const o of objects) new models[o.kind](o as never).validate();
  const agents = objects[4];
  assert.equal(agents.spec.completionMode, 'Indexed');
  assert.equal(agents.spec.completions, 3);
  assert.deepEqual(agents.spec.template.spec.containers[0].args.slice(-2), ['--workers', '2'], '1500m of CPU: two VU workers');
  const strict = typecheckAsKubernetes(objects, 'rendered');
  assert.ok(strict.ok, strict.output);
  // the check can fail: a field Kubernetes does not have is caught
  const typo = structuredClone(objects);
  typo[4].spec.template.spec.containers[0].resource = typo[4].spec.template.spec.containers[0].resources;
  const caught = typecheckAsKubernetes(typo, 'typo');
  assert.equal(caught.ok, false);
  assert.match(caught.output, /'"resource"' does not exist in type 'IContainer'/);
});

test('the pods\' command lines from the manifests run the test: token from the Secret, archive from the ConfigMap, segment from JOB_COMPLETION_INDEX', async () => {
  const target = await startTarget();
  try {
    const { dir, objects } = await render(['-e', `TARGET=${target.url}`]);
    const [secret, configMap, , coordinatorJob, agentsJob] = objects;
    const token = secret.stringData.token as string;
    assert.match(token, /^[0-9a-f]{48}$/);
    const archive = path.join(dir, 'test.tar');
    writeFileSync(archive, Buffer.from(configMap.binaryData['test.tar'], 'base64'));
    // the coordinator's container, with loopback instead of 0.0.0.0 and the archive where the ConfigMap is mounted
    const coordinatorArgs = (coordinatorJob.spec.template.spec.containers[0].args as string[]).map((a, i, all) => {
      if (all[i - 1] === '--listen') return '127.0.0.1:0';
      if (all[i - 1] === '--address') return '127.0.0.1:0';
      return a === '/stampede/test.tar' ? archive : a;
    });
    const coordinator = spawnStampede(coordinatorArgs, { STAMPEDE_TOKEN: token, STAMPEDE_API_TOKEN: token });
    const url = await coordinatorUrl(coordinator);
    const agentArgs = (agentsJob.spec.template.spec.containers[0].args as string[]).map((a, i, all) => (all[i - 1] === '--coordinator' ? url : a));
    // Kubernetes starts the indexed pods in any order: index 2 first
    const agents = [2, 0, 1].map((index) => ({ index, proc: spawnStampede(agentArgs, { STAMPEDE_TOKEN: token, JOB_COMPLETION_INDEX: String(index) }) }));
    const { code } = await coordinator.closed;
    assert.equal(code, 0, coordinator.out.stderr);
    for (const { index, proc } of agents) {
      assert.equal((await proc.closed).code, 0, proc.out.stderr);
      assert.match(coordinator.out.stderr, new RegExp(`agent ${index} \\(.*pid ${proc.child.pid},`), `pod ${index} got segment ${index}`);
    }
    assert.equal(target.counts.get('/setup'), 1);
    assert.equal(target.counts.get('/hit'), 90);
    assert.match(coordinator.out.stdout, /✓ 'count==90'/);
  } finally {
    await target.close();
  }
});

test('the Dockerfile builds from what the repository has: Node 24 slim, non-root, entrypoint in the built dist', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const from = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
  assert.ok(from.length > 0 && from.every((f) => f === 'node:24-slim'), `base images: ${from.join(', ')}`);
  for (const m of dockerfile.matchAll(/^COPY\s+(?!--from)(.+)$/gm)) {
    const sources = m[1].trim().split(/\s+/).slice(0, -1);
    for (const s of sources) assert.ok(existsSync(path.join(ROOT, s)), `COPY ${s}: not in the repository`);
  }
  const user = /^USER\s+(\S+)/m.exec(dockerfile)?.[1];
  assert.ok(user && user !== 'root' && user !== '0', `USER ${user}`);
  const entry = JSON.parse(/^ENTRYPOINT\s+(\[.*\])$/m.exec(dockerfile)![1]) as string[];
  const inImage = entry.at(-1)!.replace('/opt/stampede/', '');
  // npm test builds dist/ before the integration tests, as npm ci does in the image
  const version = execFileSync(process.execPath, [path.join(ROOT, inImage), 'version'], { cwd: ROOT }).toString();
  assert.match(version, /\d+\.\d+\.\d+/);
});
