/**
 * The Kubernetes objects of a distributed run (`stampede k8s`): the test
 * archive in a ConfigMap, the agents' token in a Secret, the coordinator as
 * a Job behind a Service, and the agents as an Indexed Job whose pods take
 * their segment from JOB_COMPLETION_INDEX. Plain objects, so tests can
 * validate them against Kubernetes' schemas; render.ts writes them as YAML.
 */

export interface ClusterPlan {
  /** the prefix of every object's name (a DNS-1123 label) */
  name: string;
  namespace?: string;
  image: string;
  instances: number;
  /** the archive's bytes (script/archive.ts) */
  archive: Buffer;
  /** the agents' shared secret */
  token: string;
  /** flags for `stampede coordinator` besides the ones this plan sets */
  coordinatorFlags: string[];
  coordinator: Resources;
  agent: Resources & { workers: number };
}

export interface Resources {
  /** Kubernetes quantities: "500m", "2", "512Mi" */
  cpu: string;
  memory: string;
}

/** What agents connect to and where the REST API and the dashboard listen, in the coordinator's pod. */
export const AGENT_PORT = 6570;
export const API_PORT = 6565;
export const DASHBOARD_PORT = 5665;
/** ConfigMaps hold at most 1 MiB: a bigger archive belongs in the image. */
export const CONFIGMAP_LIMIT = 1024 * 1024;
const ARCHIVE_MOUNT = '/stampede';
const ARCHIVE_FILE = 'test.tar';

type Manifest = Record<string, unknown>;

/** The five objects, in the order they are applied. */
export function clusterManifests(plan: ClusterPlan): Manifest[] {
  const names = objectNames(plan.name);
  const labels = (component: string) => ({ 'app.kubernetes.io/name': 'stampede', 'app.kubernetes.io/instance': plan.name, 'app.kubernetes.io/component': component });
  const meta = (name: string, component: string) => ({ name, ...(plan.namespace ? { namespace: plan.namespace } : {}), labels: labels(component) });
  const tokenEnv = { name: 'STAMPEDE_TOKEN', valueFrom: { secretKeyRef: { name: names.secret, key: 'token' } } };

  const secret = {
    apiVersion: 'v1', kind: 'Secret', metadata: meta(names.secret, 'token'), type: 'Opaque',
    stringData: { token: plan.token },
  };
  const configMap = {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(names.archive, 'archive'),
    binaryData: { [ARCHIVE_FILE]: plan.archive.toString('base64') },
  };
  const service = {
    apiVersion: 'v1', kind: 'Service', metadata: meta(names.coordinator, 'coordinator'),
    spec: {
      selector: labels('coordinator'),
      ports: [
        { name: 'agents', port: AGENT_PORT, targetPort: AGENT_PORT, protocol: 'TCP' },
        { name: 'api', port: API_PORT, targetPort: API_PORT, protocol: 'TCP' },
        { name: 'dashboard', port: DASHBOARD_PORT, targetPort: DASHBOARD_PORT, protocol: 'TCP' },
      ],
    },
  };
  const coordinatorJob = job(meta(names.coordinator, 'coordinator'), labels('coordinator'), {
    completions: 1, parallelism: 1,
    container: {
      name: 'coordinator', image: plan.image,
      args: ['coordinator', '--instances', String(plan.instances), '--listen', `0.0.0.0:${AGENT_PORT}`, '--address', `0.0.0.0:${API_PORT}`, '--no-history',
        ...plan.coordinatorFlags, `${ARCHIVE_MOUNT}/${ARCHIVE_FILE}`],
      // the same secret guards the REST API, which listens beyond loopback in the pod
      env: [tokenEnv, { ...tokenEnv, name: 'STAMPEDE_API_TOKEN' }, { name: 'K6_WEB_DASHBOARD_HOST', value: '0.0.0.0' }],
      ports: [{ name: 'agents', containerPort: AGENT_PORT }, { name: 'api', containerPort: API_PORT }, { name: 'dashboard', containerPort: DASHBOARD_PORT }],
      // the Service sends agents here only once the coordinator listens
      readinessProbe: { tcpSocket: { port: AGENT_PORT }, periodSeconds: 2 },
      resources: resources(plan.coordinator),
    },
    archive: names.archive,
  });
  const agentsJob = job(meta(names.agents, 'agent'), labels('agent'), {
    completions: plan.instances, parallelism: plan.instances, indexed: true,
    container: {
      name: 'agent', image: plan.image,
      // JOB_COMPLETION_INDEX (set by Kubernetes in an Indexed Job) picks each pod's segment
      args: ['agent', '--coordinator', `ws://${names.coordinator}:${AGENT_PORT}`, '--workers', String(plan.agent.workers)],
      env: [tokenEnv],
      resources: resources(plan.agent),
    },
  });
  return [secret, configMap, service, coordinatorJob, agentsJob];
}

/** Every object's name, from the plan's prefix. */
export function objectNames(name: string): { secret: string; archive: string; coordinator: string; agents: string } {
  return { secret: `${name}-token`, archive: `${name}-archive`, coordinator: `${name}-coordinator`, agents: `${name}-agents` };
}

/**
 * A name every object can carry: lowercase letters, digits and dashes, at
 * most 40 characters so "-coordinator" still fits a 63-character label
 * (pods of an Indexed Job add "-N-xxxxx").
 */
export function objectPrefix(text: string): string {
  const cleaned = text.toLowerCase().replace(/\.(tar|[cm]?[jt]s)$/, '').replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return /^[a-z]/.test(cleaned) ? cleaned : `stampede-${cleaned}`.replace(/-+$/, '');
}

function resources(r: Resources) {
  // memory: the request is the limit, so a pod is never killed for using what it asked for
  return { requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } };
}

interface JobShape {
  completions: number;
  parallelism: number;
  indexed?: boolean;
  container: Record<string, unknown>;
  /** the ConfigMap to mount at /stampede (the coordinator's archive) */
  archive?: string;
}

/** A Job that runs once: no retries (a load test is not re-run behind CI's back), non-root, read-only root filesystem. */
function job(metadata: Manifest, labels: Record<string, string>, shape: JobShape): Manifest {
  const mounts = [{ name: 'tmp', mountPath: '/tmp' }, ...(shape.archive ? [{ name: 'archive', mountPath: ARCHIVE_MOUNT, readOnly: true }] : [])];
  const volumes = [{ name: 'tmp', emptyDir: {} }, ...(shape.archive ? [{ name: 'archive', configMap: { name: shape.archive } }] : [])];
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata,
    spec: {
      completions: shape.completions,
      parallelism: shape.parallelism,
      ...(shape.indexed ? { completionMode: 'Indexed' } : {}),
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 },
          containers: [{
            ...shape.container,
            volumeMounts: mounts,
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
          volumes,
        },
      },
    },
  };
}
