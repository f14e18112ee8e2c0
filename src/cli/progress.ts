/**
 * The live progress line: on a TTY, one line rewritten every second; not on
 * a TTY, nothing (the summary is the output), as k6 does for piped output.
 */
export interface Progress {
  elapsedMs: number;
  vus: number;
  vusMax: number;
  iterations: number;
}

export function formatElapsed(ms: number): string {
  const totalTenths = Math.floor(ms / 100);
  const m = Math.floor(totalTenths / 600);
  const s = (totalTenths % 600) / 10;
  return `${String(m).padStart(2, '0')}m${s.toFixed(1).padStart(4, '0')}s`;
}

/** `running (00m05.2s), 10/10 VUs, 523 complete iterations` */
export function formatProgress(p: Progress): string {
  return `running (${formatElapsed(p.elapsedMs)}), ${p.vus}/${p.vusMax} VUs, ${p.iterations} complete iterations`;
}
