#!/usr/bin/env node
/**
 * The composition root: the only code that touches process.* — argv, env,
 * streams, signals and the exit code. Everything else takes a CliContext.
 */
import { ExitCode, StampedeError } from '../errors/index.ts';
import { reportError, type CliContext } from './context.ts';
import { MAIN_HELP } from './help.ts';
import { VERSION } from '../lib/index.ts';
import { runCommand } from './commands/run.ts';
import { inspectCommand } from './commands/inspect.ts';
import { demoCommand } from './commands/demo.ts';
import { newCommand } from './commands/new.ts';
import { checkCommand } from './commands/check.ts';
import { coordinatorCommand } from './commands/coordinator.ts';
import { agentCommand } from './commands/agent.ts';
import { k8sCommand } from './commands/k8s.ts';
import { convertCommand } from './commands/convert.ts';
import { archiveCommand } from './commands/archive.ts';
import { runsCommand, reportCommand, compareCommand } from './commands/history.ts';
import { controlCommand, CONTROL_COMMANDS, type ControlCommand } from './commands/control.ts';
import { proxyCommand } from './commands/proxy.ts';
import { killBrowserProcesses } from '../workers/index.ts';

async function main(argv: string[]): Promise<number> {
  const interrupt = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      // an agent's summary is the coordinator's: it only stops its share of the load
      const follows = argv[0] === 'agent' ? 'the last metrics go to the coordinator, which counts this agent as lost' : 'teardown, the summary and the history follow';
      process.stderr.write(`\n${sig === 'SIGINT' ? 'Ctrl-C' : sig}: interrupting the running iterations; ${follows} (press Ctrl-C again to stop at once)\n`);
      interrupt.abort();
    } else {
      process.stderr.write('stopping at once\n');
      process.exit(ExitCode.externalAbort);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // however the process ends (a second Ctrl-C included), no browser a worker started outlives it
  process.on('exit', () => killBrowserProcesses());

  const ctx: CliContext = {
    stdout: (t) => { process.stdout.write(t); },
    stderr: (t) => { process.stderr.write(t); },
    env: process.env,
    cwd: process.cwd(),
    isStdOutTTY: Boolean(process.stdout.isTTY),
    isStdErrTTY: Boolean(process.stderr.isTTY),
    signal: interrupt.signal,
  };
  const [command, ...rest] = argv;
  try {
    if ((CONTROL_COMMANDS as readonly string[]).includes(command)) return await controlCommand(command as ControlCommand, rest, ctx);
    switch (command) {
      case 'run': return await runCommand(rest, ctx);
      case 'inspect': return await inspectCommand(rest, ctx);
      case 'demo': return await demoCommand(rest, ctx);
      case 'new': return await newCommand(rest, ctx);
      case 'check': return await checkCommand(rest, ctx);
      case 'archive': return await archiveCommand(rest, ctx);
      case 'coordinator': return await coordinatorCommand(rest, ctx);
      case 'agent': return await agentCommand(rest, ctx);
      case 'k8s': return await k8sCommand(rest, ctx);
      case 'convert': return await convertCommand(rest, ctx);
      case 'runs': return await runsCommand(rest, ctx);
      case 'report': return await reportCommand(rest, ctx);
      case 'compare': return await compareCommand(rest, ctx);
      case 'proxy': return await proxyCommand(rest, ctx);
      case 'version': case '--version': case '-v':
        ctx.stdout(`stampede v${VERSION} (node ${process.version}, k6-compatible)\n`);
        return ExitCode.ok;
      case undefined: case 'help': case '--help': case '-h':
        ctx.stdout(`${MAIN_HELP}\n`);
        return ExitCode.ok;
      default:
        throw new StampedeError('E_UNKNOWN_COMMAND', `unknown command "${command}"`, { exitCode: ExitCode.invalidConfig, hint: 'run `stampede --help` for the commands' });
    }
  } catch (err) {
    reportError(ctx, err);
    return err instanceof StampedeError ? err.exitCode : ExitCode.generic;
  }
}

const code = await main(process.argv.slice(2));
// Let stdout/stderr drain before exiting with k6's code.
process.exitCode = code;
setTimeout(() => process.exit(code), 50).unref();
