/**
 * Separate hosts on one machine, as far as the network is concerned: a
 * bridge on the host and N network namespaces, each joined to it by a veth
 * pair with an address of its own on a private /24. Needs root (CI runs as
 * root); traffic stays inside what this helper created, and cleanup()
 * deletes it all (deleting a namespace deletes its end of the veth pair).
 */
import { execFileSync } from 'node:child_process';

export interface Hosts {
  /** the host's address on the bridge: what the namespaces reach the coordinator and the target on */
  hostIp: string;
  /** each namespace's own address */
  ips: string[];
  /** the command prefix that runs a program inside namespace i */
  prefix(i: number): string[];
  cleanup(): void;
}

/** Why separate hosts cannot be made here (not root, no `ip`), or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root (CI runs as root)';
  try { execFileSync('ip', ['-V'], { stdio: 'pipe' }); } catch { return 'the ip command (iproute2) is not installed'; }
  return undefined;
}

export function makeHosts(n: number): Hosts {
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' }).toString();
  const used = ip('-4', '-o', 'addr');
  // a private /24 nobody on this machine uses
  let net = '';
  for (let tries = 0; tries < 50 && !net; tries++) {
    const candidate = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}`;
    if (!used.includes(` ${candidate}.`)) net = candidate;
  }
  if (!net) throw new Error('no free private /24 for the test namespaces');
  const tag = `st${process.pid % 100000}`;
  const bridge = `${tag}br`;
  const names = Array.from({ length: n }, (_, i) => `${tag}ns${i}`);
  const cleanup = () => {
    for (const name of names) { try { ip('netns', 'del', name); } catch { /* not created */ } }
    try { ip('link', 'del', bridge); } catch { /* not created */ }
  };
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${net}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    names.forEach((name, i) => {
      const hostEnd = `${tag}h${i}`;
      const nsEnd = `${tag}n${i}`;
      ip('netns', 'add', name);
      ip('link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', nsEnd);
      ip('link', 'set', nsEnd, 'netns', name);
      ip('link', 'set', hostEnd, 'master', bridge);
      ip('link', 'set', hostEnd, 'up');
      ip('-n', name, 'addr', 'add', `${net}.${10 + i}/24`, 'dev', nsEnd);
      ip('-n', name, 'link', 'set', nsEnd, 'up');
      ip('-n', name, 'link', 'set', 'lo', 'up');
    });
  } catch (err) {
    cleanup();
    throw err;
  }
  return {
    hostIp: `${net}.1`,
    ips: names.map((_, i) => `${net}.${10 + i}`),
    prefix: (i) => ['ip', 'netns', 'exec', names[i]],
    cleanup,
  };
}
