/**
 * From merged options to the list of scenarios, as k6 derives them:
 * `iterations` → shared-iterations (maxDuration = `duration` if set),
 * `duration` → constant-vus, `stages` → ramping-vus (startVUs = `vus`),
 * an explicit `scenarios` object as written, and nothing at all → one
 * per-vu-iterations scenario with 1 VU and 1 iteration. `vus` alone (k6
 * v0.x, e.g. its examples/es6sample.js) is that same 1 VU × 1 iteration,
 * with k6's warning that `vus` was ignored. Derived scenarios are
 * named `default`, and their problems name the shortcut options
 * (`duration: must be at least 1s, …`).
 */
import type { Options, ScenarioConfig, ScenarioOptions } from './options.ts';
import { DEFAULT_SCENARIO_NAME } from './executors/index.ts';
import { buildScenarioConfig, type ScenarioCheck } from './scenario-config.ts';
import { tryParseDuration } from './duration.ts';
import { childPath, isPlainObject, isSet, show } from './values.ts';

const SCENARIO_NAME = /^[0-9a-zA-Z_-]+$/;

/** Scenario option → the shortcut option the user actually wrote. */
const SHORTCUT_OF: Record<string, string> = { vus: 'vus', startVUs: 'vus', iterations: 'iterations', maxDuration: 'duration', duration: 'duration', stages: 'stages' };

/** What deriveScenarios produces: the effective scenarios as options and as parsed configs. */
export interface DerivedScenarios {
  scenarios: Record<string, ScenarioOptions>;
  configs: ScenarioConfig[];
}

function withoutUnset(raw: Record<string, unknown>): ScenarioOptions {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as ScenarioOptions;
}

/**
 * The shortcut-made scenario and the shortcut option each of its options
 * came from; undefined when the options use no shortcut, null when the
 * shortcut itself is unusable (already reported).
 */
function shortcutScenario(opts: Options, problems: string[]): { scenario: ScenarioOptions; shortcutOf: Record<string, string> } | null | undefined {
  const made = (scenario: ScenarioOptions) => ({ scenario, shortcutOf: SHORTCUT_OF });
  const { vus, duration, iterations, stages } = opts;
  if (isSet(iterations)) return made(withoutUnset({ executor: 'shared-iterations', vus, iterations, maxDuration: isSet(duration) ? duration : undefined }));
  if (isSet(duration)) {
    const ms = tryParseDuration(duration, 'duration', problems);
    if (ms === undefined) return null;
    if (ms <= 0) {
      problems.push('duration: must be > 0; for a test without an end use the externally-controlled executor');
      return null;
    }
    return made(withoutUnset({ executor: 'constant-vus', vus, duration }));
  }
  if (Array.isArray(stages) && stages.length > 0) return made(withoutUnset({ executor: 'ramping-vus', startVUs: vus, stages }));
  if (isSet(stages) && !Array.isArray(stages)) return made(withoutUnset({ executor: 'ramping-vus', startVUs: vus, stages }));
  return undefined;
}

/** k6's "using X and Y simultaneously is not allowed", one problem per clashing pair. */
function conflicts(opts: Options): string[] {
  const given = {
    iterations: isSet(opts.iterations),
    duration: isSet(opts.duration),
    stages: Array.isArray(opts.stages) ? opts.stages.length > 0 : isSet(opts.stages),
    scenarios: isSet(opts.scenarios),
  };
  const out: string[] = [];
  const pairs: [keyof typeof given, keyof typeof given][] = [['iterations', 'stages'], ['iterations', 'scenarios'], ['duration', 'stages'], ['duration', 'scenarios'], ['stages', 'scenarios']];
  for (const [a, b] of pairs) {
    if (given[a] && given[b]) {
      const instead = b === 'scenarios' ? `set ${a} inside a scenario instead` : 'set one of them, or describe the load with scenarios';
      out.push(`${a}: cannot be used together with ${b} in the same options; ${instead}`);
    }
  }
  return out;
}

function explicitScenarios(value: unknown, check: Omit<ScenarioCheck, 'pathOf' | 'strictStages'>): DerivedScenarios {
  const result: DerivedScenarios = { scenarios: {}, configs: [] };
  if (!isPlainObject(value)) {
    check.problems.push(`scenarios: must be an object mapping scenario names to scenario options, got ${show(value)}`);
    return result;
  }
  for (const [name, raw] of Object.entries(value)) {
    const path = childPath('scenarios', name);
    if (!SCENARIO_NAME.test(name)) check.problems.push(`${path}: a scenario name may only contain latin letters, digits, underscores and dashes`);
    if (!isPlainObject(raw)) {
      check.problems.push(`${path}: must be an object with an executor, got ${show(raw)}`);
      continue;
    }
    result.scenarios[name] = raw as unknown as ScenarioOptions;
    const config = buildScenarioConfig(name, raw, { ...check, pathOf: (option) => childPath(path, option), strictStages: true });
    if (config) result.configs.push(config);
  }
  return result;
}

/**
 * Turns merged options into scenarios, validating each. Problems (`path:
 * message`) and warnings are pushed onto the given lists; with problems the
 * result may be partial. Warnings cover what k6 ignores silently: `vus` next
 * to `scenarios`, an explicitly empty `stages` or `scenarios`.
 */
export function deriveScenarios(opts: Options, problems: string[], warnings: string[]): DerivedScenarios {
  const clashes = conflicts(opts);
  if (clashes.length > 0) {
    problems.push(...clashes);
    return isSet(opts.scenarios) ? explicitScenarios(opts.scenarios, { problems, warnings }) : { scenarios: {}, configs: [] };
  }
  const shortcut = shortcutScenario(opts, problems);
  if (shortcut === null) return { scenarios: {}, configs: [] };
  if (shortcut) {
    const { scenario, shortcutOf } = shortcut;
    const pathOf = (option: string): string => shortcutOf[option] ?? childPath(`scenarios.${DEFAULT_SCENARIO_NAME}`, option);
    const config = buildScenarioConfig(DEFAULT_SCENARIO_NAME, scenario as unknown as Record<string, unknown>, { problems, warnings, pathOf, strictStages: false });
    return { scenarios: { [DEFAULT_SCENARIO_NAME]: scenario }, configs: config ? [config] : [] };
  }
  if (isPlainObject(opts.scenarios) && Object.keys(opts.scenarios).length > 0) {
    if (isSet(opts.vus)) warnings.push('vus: ignored because scenarios are defined; set vus (or preAllocatedVUs…) inside each scenario');
    return explicitScenarios(opts.scenarios, { problems, warnings });
  }
  if (isSet(opts.scenarios) && !isPlainObject(opts.scenarios)) return explicitScenarios(opts.scenarios, { problems, warnings });
  // k6: "the `vus=5` option will be ignored, it only works in conjunction with …" (not for vus=1, which changes nothing)
  if (isSet(opts.vus) && opts.vus !== 1 && !isSet(opts.scenarios)) {
    warnings.push(`the \`vus=${typeof opts.vus === 'number' ? opts.vus : show(opts.vus)}\` option will be ignored, it only works in conjunction with \`iterations\`, \`duration\`, or \`stages\``);
  }
  if (Array.isArray(opts.stages)) warnings.push('stages: explicitly set to an empty list; running 1 iteration with 1 VU');
  if (isPlainObject(opts.scenarios)) warnings.push('scenarios: explicitly set to an empty object; running 1 iteration with 1 VU');
  const fallback: ScenarioOptions = { executor: 'per-vu-iterations' };
  const config = buildScenarioConfig(DEFAULT_SCENARIO_NAME, fallback as unknown as Record<string, unknown>, {
    problems, warnings, pathOf: (option) => `scenarios.${DEFAULT_SCENARIO_NAME}.${option}`, strictStages: false,
  });
  return { scenarios: { [DEFAULT_SCENARIO_NAME]: fallback }, configs: config ? [config] : [] };
}
