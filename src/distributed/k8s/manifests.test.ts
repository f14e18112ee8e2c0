import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, ConfigMap, Service } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { parseAllDocuments } from 'yaml';
import { clusterManifests, objectPrefix, type ClusterPlan } from './manifests.ts';
import { manifestsYaml, manifestFiles } from './render.ts';

const PLAN: ClusterPlan = {
  name: 'stampede-checkout', namespace: 'load', image: 'registry.example/stampede:0.1.0', instances: 5,
  archive: Buffer.from('not really a tar, but bytes'), token: 'abc123', coordinatorFlags: ['-e', 'BASE_URL=http://shop'],
  coordinator: { cpu: '500m', memory: '512Mi' }, agent: { cpu: '2', memory: '2Gi', workers: 2 },
};

/** Each object through the Kubernetes OpenAPI schema of its kind (kubernetes-models); throws on the first problem. */
function validate(m: Record<string, unknown>): void {
  const models: Record<string, new (data: never) => { validate(): void }> = { Secret, ConfigMap, Service, Job };
  const Model = models[m.kind as string];
  assert.ok(Model, `no schema for ${String(m.kind)}`);
  new Model(m as never).validate();
}

test('every rendered object is valid against the Kubernetes OpenAPI schema of its kind', () => {
  const manifests = clusterManifests(PLAN);
  assert.deepEqual(manifests.map((m) => m.kind), ['Secret', 'ConfigMap', 'Service', 'Job', 'Job']);
  for (const m of manifests) validate(m);
  // the YAML stream parses back to the same objects, each still valid
  const docs = parseAllDocuments(manifestsYaml(manifests)).map((d) => d.toJS() as Record<string, unknown>);
  assert.deepEqual(docs, JSON.parse(JSON.stringify(manifests)));
  for (const d of docs) validate(d);
});

test('the schema check can fail: a Job with a string completion count is refused', () => {
  const broken = clusterManifests(PLAN)[4] as { spec: Record<string, unknown> };
  broken.spec.completions = 'five';
  assert.throws(() => validate(broken as never), /completions must be integer/);
});

test('the agents are an Indexed Job of N pods with the token from the Secret; the coordinator a Job with no retries behind a Service', () => {
  const [secret, configMap, service, coordinator, agents] = clusterManifests(PLAN) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(agents.spec.completionMode, 'Indexed');
  assert.equal(agents.spec.completions, 5);
  assert.equal(agents.spec.parallelism, 5);
  assert.equal(agents.spec.backoffLimit, 0);
  assert.equal(coordinator.spec.backoffLimit, 0, 'the Job fails with the coordinator: its exit code is the result');
  const agent = agents.spec.template.spec.containers[0];
  assert.deepEqual(agent.args, ['agent', '--coordinator', 'ws://stampede-checkout-coordinator:6570', '--workers', '2']);
  assert.deepEqual(agent.env[0].valueFrom.secretKeyRef, { name: secret.metadata.name, key: 'token' });
  assert.deepEqual(agent.resources, { requests: { cpu: '2', memory: '2Gi' }, limits: { memory: '2Gi' } });
  const main = coordinator.spec.template.spec.containers[0];
  assert.deepEqual(main.args.slice(0, 3), ['coordinator', '--instances', '5']);
  assert.equal(main.args.at(-1), '/stampede/test.tar');
  assert.ok(main.args.includes('BASE_URL=http://shop'));
  assert.equal(coordinator.spec.template.spec.volumes[1].configMap.name, configMap.metadata.name);
  assert.equal(Buffer.from(configMap.binaryData['test.tar'], 'base64').toString(), 'not really a tar, but bytes');
  assert.deepEqual(service.spec.selector, coordinator.spec.template.metadata.labels);
  for (const m of [secret, configMap, service, coordinator, agents]) assert.equal(m.metadata.namespace, 'load');
  assert.equal(coordinator.spec.template.spec.securityContext.runAsNonRoot, true);
});

test('file names keep the apply order; object names are valid labels', () => {
  assert.deepEqual(manifestFiles(clusterManifests(PLAN)).map((f) => f.file), [
    '00-secret-stampede-checkout-token.yaml', '01-configmap-stampede-checkout-archive.yaml', '02-service-stampede-checkout-coordinator.yaml',
    '03-job-stampede-checkout-coordinator.yaml', '04-job-stampede-checkout-agents.yaml',
  ]);
  assert.equal(objectPrefix('stampede-Checkout_Flow.ts'), 'stampede-checkout-flow');
  assert.equal(objectPrefix('42.js'), 'stampede-42');
  assert.ok(objectPrefix('x'.repeat(80)).length <= 40);
});
