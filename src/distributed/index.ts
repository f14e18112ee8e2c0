/**
 * distributed/: one test over several machines. The coordinator/agent
 * protocol and its two ends (a WebSocket server for the coordinator, a
 * retrying client for each agent), how the test is cut into segments, and
 * the Kubernetes manifests that run it. run/ composes these into the
 * coordinator's and the agent's runs.
 */
export { PROTOCOL_VERSION, AGENT_PATH, type AgentMessage, type CoordinatorMessage, type AgentLoadReport, type AgentProgress } from './protocol.ts';
export { sequenceFor, segmentFor } from './segments.ts';
export { AgentServer, AgentConnection, AgentsMissingError, type AgentServerOptions } from './agent-server.ts';
export { CoordinatorLink, AgentRefusedError, LinkEndedError, type LinkOptions } from './coordinator-link.ts';
export { clusterManifests, objectNames, objectPrefix, manifestsYaml, manifestFiles, CONFIGMAP_LIMIT, type ClusterPlan } from './k8s/index.ts';
