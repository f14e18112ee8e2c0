/** distributed/k8s: the Kubernetes objects of a distributed run, and their YAML. */
export { clusterManifests, objectNames, objectPrefix, CONFIGMAP_LIMIT, AGENT_PORT, API_PORT, type ClusterPlan, type Resources } from './manifests.ts';
export { manifestsYaml, manifestFiles } from './render.ts';
