/**
 * One scenario as the user wrote it → a ScenarioConfig with k6's defaults
 * applied and every duration in ms, collecting every problem on the way.
 * The common options are read here; each executor's own options by its
 * definition (config/executors/).
 */
import type { ScenarioCommon, ScenarioConfig } from './options.ts';
import {
  COMMON_SCENARIO_OPTIONS, EXECUTOR_NAMES, SCENARIO_DEFAULTS, ScenarioFields, executorDefinition, isExecutorName,
  type ExecutorDefinition, type ScenarioCheck,
} from './executors/index.ts';
import { didYouMean } from '../lib/index.ts';
import { isPlainObject, isSet, readString, readStringMap, show } from './values.ts';

export type { ScenarioCheck } from './executors/index.ts';

function checkOptionNames(raw: Record<string, unknown>, def: ExecutorDefinition<ScenarioConfig>, check: ScenarioCheck): void {
  const own = def.options;
  const allowed = [...COMMON_SCENARIO_OPTIONS, ...own];
  for (const key of Object.keys(raw)) {
    if (allowed.includes(key)) continue;
    const hint = didYouMean(key, allowed);
    const elsewhere = EXECUTOR_NAMES.some((e) => executorDefinition(e).options.includes(key));
    const message = hint ? `unknown option${hint}`
      : `${elsewhere ? `not an option of the ${def.name} executor` : 'unknown option'}; ${def.name} takes ${own.join(', ')} (and ${COMMON_SCENARIO_OPTIONS.slice(1).join(', ')})`;
    check.problems.push(`${check.pathOf(key)}: ${message}`);
  }
}

function readCommon(f: ScenarioFields, def: ExecutorDefinition<ScenarioConfig>): Omit<ScenarioCommon, 'name'> {
  const startTimeMs = f.duration('startTime', SCENARIO_DEFAULTS.startTimeMs) ?? 0;
  const gracefulStopMs = def.gracefulStop ? f.duration('gracefulStop', SCENARIO_DEFAULTS.gracefulStopMs) ?? 0 : 0;
  const exec = readString(f.raw.exec, f.check.pathOf('exec'), f.check.problems);
  if (exec === '') f.problem('exec', 'must not be empty; name an exported function');
  const common: Omit<ScenarioCommon, 'name'> = {
    startTimeMs, gracefulStopMs,
    exec: exec || SCENARIO_DEFAULTS.exec,
    env: readStringMap(f.raw.env, f.check.pathOf('env'), f.check.problems) ?? {},
    tags: readStringMap(f.raw.tags, f.check.pathOf('tags'), f.check.problems) ?? {},
  };
  if (f.has('options')) {
    if (isPlainObject(f.raw.options)) common.options = f.raw.options;
    else f.problem('options', `must be an object, got ${show(f.raw.options)}`);
  }
  return common;
}

/**
 * Validates one scenario and applies k6's defaults. Every problem is pushed
 * to `check.problems` as `path: message`; the result is undefined only when
 * the executor is missing or unknown (nothing else can be checked then).
 */
export function buildScenarioConfig(name: string, raw: Record<string, unknown>, check: ScenarioCheck): ScenarioConfig | undefined {
  const executor = raw.executor;
  if (!isSet(executor)) {
    check.problems.push(`${check.pathOf('executor')}: required; use one of ${EXECUTOR_NAMES.join(', ')}`);
    return undefined;
  }
  if (!isExecutorName(executor)) {
    const hint = typeof executor === 'string' ? didYouMean(executor, EXECUTOR_NAMES) : '';
    check.problems.push(`${check.pathOf('executor')}: unknown executor ${show(executor)}${hint || `; use one of ${EXECUTOR_NAMES.join(', ')}`}`);
    return undefined;
  }
  const def = executorDefinition(executor);
  checkOptionNames(raw, def, check);
  const fields = new ScenarioFields(raw, check, executor);
  const common = readCommon(fields, def);
  return { name, executor, ...common, ...def.parse(fields) } as ScenarioConfig;
}
