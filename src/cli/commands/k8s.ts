/**
 * `stampede k8s [run flags] script --instances N --image IMAGE [-o DIR]`:
 * renders the Kubernetes objects of a distributed run (distributed/k8s):
 * the archive in a ConfigMap, a token Secret, the coordinator Job and its
 * Service, and an Indexed Job of N agents. To stdout as one YAML stream,
 * or one file per object in DIR. Nothing is applied: `kubectl apply` is yours.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inspectScript } from '../../run/index.ts';
import { buildArchive } from '../../script/archive.ts';
import { clusterManifests, manifestFiles, manifestsYaml, objectPrefix, objectNames, CONFIGMAP_LIMIT } from '../../distributed/index.ts';
import { parseRunArgs } from '../args.ts';
import { takeFlags, positiveInt } from '../take-flags.ts';
import { K8S_HELP } from '../help.ts';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import { VERSION } from '../../lib/index.ts';
import type { CliContext } from '../context.ts';

const OWN_FLAGS = ['instances', 'image', 'output', 'name', 'namespace', 'token', 'agent-cpu', 'agent-memory', 'agent-workers', 'coordinator-cpu', 'coordinator-memory'];
/** Coordinator flags a user may give here; they go to the coordinator's command line. */
const COORDINATOR_FLAGS = ['on-agent-loss', 'agent-timeout'];
const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;

export async function k8sCommand(argv: string[], ctx: CliContext): Promise<number> {
  // -o DIR is the manifests' folder; -o NAME=ARG (k6's short --out) stays a run flag
  const short = argv.map((a, i) => (a === '-o' && !(argv[i + 1] ?? '').includes('=') ? '--output' : a));
  const { taken, rest } = takeFlags(short, [...OWN_FLAGS, ...COORDINATOR_FLAGS]);
  if (rest.includes('--help') || rest.includes('-h')) { ctx.stdout(`${K8S_HELP}\n`); return ExitCode.ok; }
  const flags = parseRunArgs(rest);
  const str = (name: string) => (typeof taken[name] === 'string' ? taken[name] as string : undefined);
  const problems: string[] = [];
  if (!flags.script) problems.push('k8s: missing the script (or archive) to run');
  const instances = str('instances') === undefined ? (problems.push('--instances: how many agents run the test is required, e.g. --instances 3'), 1) : positiveInt(str('instances')!, '--instances', problems) ?? 1;
  const image = str('image');
  if (!image) problems.push('--image: the container image with Stampede is required (build it from the Dockerfile in Stampede\'s repository), e.g. --image registry.example/stampede:0.1.0');
  const quantity = (flag: string, fallback: string) => {
    const v = str(flag) ?? fallback;
    if (!QUANTITY.test(v)) problems.push(`--${flag}: expected a Kubernetes quantity such as 500m, 2, 512Mi or 1Gi, got ${JSON.stringify(v)}`);
    return v;
  };
  const agentCpu = quantity('agent-cpu', '1');
  const plan = {
    agent: { cpu: agentCpu, memory: quantity('agent-memory', '1Gi'), workers: str('agent-workers') ? positiveInt(str('agent-workers')!, '--agent-workers', problems) ?? 1 : workersForCpu(agentCpu) },
    coordinator: { cpu: quantity('coordinator-cpu', '500m'), memory: quantity('coordinator-memory', '512Mi') },
  };
  const name = objectPrefix(str('name') ?? `stampede-${path.basename(flags.script ?? 'test')}`);
  if (str('name') !== undefined && name !== str('name')) problems.push(`--name: ${JSON.stringify(str('name'))} is not a Kubernetes name; use lowercase letters, digits and dashes (at most 40), e.g. ${JSON.stringify(name)}`);
  if (problems.length > 0) throw new ConfigError(problems, 'stampede k8s --help lists the flags');

  const options = await inspectScript({ scriptPath: flags.script!, cliOptions: flags.options, env: flags.env, processEnv: ctx.env, log: (l) => ctx.stderr(`${l}\n`) });
  const archive = await buildArchive(flags.script!, { options, cliOptions: { ...flags.options }, env: flags.env, stampedeVersion: VERSION });
  if (archive.length > CONFIGMAP_LIMIT * 0.95) {
    throw new ConfigError([`k8s: the test's archive is ${archive.length} bytes; a ConfigMap holds at most 1 MiB`],
      'keep large data files out of open() with literal paths, or bake them into your image and open() them by absolute path');
  }
  // the run flags go to the coordinator as given (less the script: the archive replaces it); options and -e are in the archive too
  const scriptAt = rest.lastIndexOf(flags.script!);
  const runFlags = rest.filter((_, i) => i !== scriptAt);
  const coordinatorFlags = [...COORDINATOR_FLAGS.flatMap((f) => (str(f) !== undefined ? [`--${f}`, str(f)!] : [])), ...runFlags];
  const manifests = clusterManifests({
    name, namespace: str('namespace'), image: image!, instances, archive, token: str('token') ?? randomBytes(24).toString('hex'), coordinatorFlags, ...plan,
  });
  const out = str('output');
  if (!out) {
    ctx.stdout(manifestsYaml(manifests));
  } else {
    try {
      mkdirSync(out, { recursive: true });
      for (const f of manifestFiles(manifests)) writeFileSync(path.join(out, f.file), f.content);
    } catch (err) {
      throw new ConfigError([`-o ${out}: cannot write the manifests: ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
    }
    ctx.stderr(`${manifests.length} manifests written to ${out}; apply them with: kubectl apply --server-side -f ${out}\n`);
  }
  const names = objectNames(name);
  ctx.stderr(`then: kubectl wait --for=condition=complete job/${names.coordinator} --timeout=1h; kubectl logs job/${names.coordinator}\n`);
  return ExitCode.ok;
}

/** One VU worker per requested core, at least one: "2" → 2, "1500m" → 2, "500m" → 1. */
export function workersForCpu(cpu: string): number {
  const cores = cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);
  return Math.max(1, Math.ceil(Number.isFinite(cores) ? cores : 1));
}
