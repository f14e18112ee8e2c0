/**
 * The Node version check the `stampede` bin runs before loading anything
 * else. Plain code only: bin.ts imports it on whatever Node the user has,
 * so it must parse and run on old versions too.
 */

/** The oldest Node Stampede runs on (TypeScript type stripping on by default, node:sqlite, undici 8). */
export const MIN_NODE = '22.19';

/**
 * undefined when `version` (process.versions.node, e.g. "24.1.0") is at
 * least MIN_NODE; otherwise the message to print, saying how to get a
 * newer Node.
 */
export function nodeVersionProblem(version: string): string | undefined {
  const parts = String(version).replace(/^v/, '').split('.');
  const min = MIN_NODE.split('.');
  const major = Number(parts[0]);
  const minor = Number(parts[1] || 0);
  const minMajor = Number(min[0]);
  const minMinor = Number(min[1]);
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return undefined;
  return 'Stampede needs Node \u2265 ' + MIN_NODE + ' (found ' + version + ').\n'
    + 'Get a newer Node in one of these ways:\n'
    + '  - nvm install 24 && nvm use 24 (https://github.com/nvm-sh/nvm), or your system\'s Node 24 package\n'
    + '  - npm install --prefix .tools node@24, then run Stampede with that Node: .tools/node_modules/node/bin/node "$(command -v stampede)" \u2026\n'
    + '  - in a checkout of Stampede, run ./stampede: it installs Node 24 into .tools/ by itself when the machine\'s Node is older than ' + MIN_NODE;
}
