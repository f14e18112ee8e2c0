/** The manifests as YAML: one multi-document stream, or one file per object. */
import { stringify } from 'yaml';

export function manifestsYaml(manifests: readonly Record<string, unknown>[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
}

/** File names in apply order: 00-secret-….yaml, 01-configmap-….yaml, … */
export function manifestFiles(manifests: readonly Record<string, unknown>[]): { file: string; content: string }[] {
  return manifests.map((m, i) => {
    const kind = String(m.kind).toLowerCase();
    const name = String((m.metadata as { name: string }).name);
    return { file: `${String(i).padStart(2, '0')}-${kind}-${name}.yaml`, content: stringify(m, { lineWidth: 0 }) };
  });
}
