/**
 * Semantic rules of the profiles file: the default profile exists, ids are unique, each entry has the
 * executor its engine needs (k6: one; probes: none; a kind with a derived executor: none but a maxDuration), and
 * every parameter is one its scenario takes, of the right type and range.
 */
import { takesExecutor } from '../../kinds/types.ts';
import { CATALOG } from '../../catalog.ts';
import type { ConfigProblem } from '../../errors.ts';
import { checkParam, paramDefaults, requiredParams, takesParam } from '../params.ts';
import type { ProfileSpec, ProfilesSpec, ScenarioEntrySpec } from '../schema/profiles.ts';
import type { Locator } from '../schema/validate.ts';
import type { PathSegment } from '../source.ts';

export const entryId = (e: ScenarioEntrySpec): string => e.id ?? e.scenario;

function entryProblems(p: ProfileSpec, e: ScenarioEntrySpec, here: PathSegment[], at: Locator): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const spec = CATALOG[e.scenario];
  const derived = spec?.derivedExecutor;
  const executorTaken = spec !== undefined && takesExecutor(spec);
  if (spec !== undefined && !executorTaken && e.executor !== undefined)
    out.push(at([...here, 'executor'], `${e.scenario} is a ${spec.engine}: it takes no executor`, true));
  if (executorTaken && !derived && e.executor === undefined) out.push(at(here, `${e.scenario} needs an executor`));
  // A probe runs on the orchestrator; only a k6 executor can be split into segments over generators.
  if (spec !== undefined && !executorTaken && e.generators !== undefined)
    out.push(at([...here, 'generators'], `${e.scenario} is a ${spec.engine}: it runs on the orchestrator, not on generators`, true));
  if (!derived && e.maxDuration !== undefined)
    out.push(at([...here, 'maxDuration'], `maxDuration only applies to ${derivedKinds()}`, true));
  for (const [name, value] of Object.entries(e.params ?? {})) {
    const problem = checkParam(e.scenario, name, value);
    if (problem) out.push(at([...here, 'params', name], problem));
  }
  const merged = { ...(p.defaults?.params ?? {}), ...(e.params ?? {}) };
  for (const name of requiredParams(e.scenario)) {
    if (merged[name] === undefined) out.push(at(here, `${e.scenario} needs params.${name}`));
  }
  if (derived) {
    const x = e.executor;
    // An executor written out is accepted only when it is the derived one (the profile restating it).
    const maxDuration = x?.type === 'per-vu-iterations' ? x.maxDuration : '';
    const d = derived.derive({ ...paramDefaults(e.scenario), ...merged }, maxDuration);
    if (x !== undefined && (x.type !== d?.type || x.vus !== d.vus || x.iterations !== d.iterations)) {
      out.push(at([...here, 'executor'], `${e.scenario}'s executor is derived (${derived.rule}): leave it out`));
    }
    if (x === undefined && e.maxDuration === undefined && p.defaults?.maxDuration === undefined) {
      out.push(at(here, `${e.scenario} needs maxDuration (here or in the profile defaults)`));
    }
  }
  const x = e.executor;
  if (x && (x.type === 'constant-arrival-rate' || x.type === 'ramping-arrival-rate') && x.preAllocatedVUs > x.maxVUs) {
    out.push(at([...here, 'executor', 'preAllocatedVUs'], `preAllocatedVUs ${x.preAllocatedVUs} is more than maxVUs ${x.maxVUs}`));
  }
  return out;
}

/** The kinds a maxDuration applies to: those whose executor is derived. */
function derivedKinds(): string {
  return Object.entries(CATALOG)
    .filter(([, k]) => k.derivedExecutor !== undefined)
    .map(([name]) => name)
    .join(', ');
}

/**
 * The profiles CI gates on: their PASS must mean "with confidence", so they may not switch the bounds off.
 * Any other profile may, if its description says so, so nobody reads its PASS as more than it is.
 */
const GATING_PROFILES: ReadonlySet<string> = new Set(['load', 'stress', 'soak']);

function confidenceProblems(name: string, p: ProfileSpec, base: PathSegment[], at: Locator): ConfigProblem[] {
  if (p.confidence !== 'none') return [];
  if (GATING_PROFILES.has(name))
    return [
      at(
        [...base, 'confidence'],
        `profile ${name} gates a merge: its criteria must be decided with confidence (remove 'confidence: none')`,
      ),
    ];
  if (!/confiden/i.test(p.description))
    return [
      at(
        [...base, 'description'],
        `profile ${name} sets 'confidence: none': its description must say its percentiles are point values, not confident bounds`,
      ),
    ];
  return [];
}

function profileProblems(name: string, p: ProfileSpec, at: Locator): ConfigProblem[] {
  const base: PathSegment[] = ['profiles', name];
  const out: ConfigProblem[] = [...confidenceProblems(name, p, base, at)];
  const ids = new Map<string, number>();
  p.scenarios.forEach((e, i) => {
    const here = [...base, 'scenarios', i];
    const id = entryId(e);
    const first = ids.get(id);
    if (first !== undefined)
      out.push(
        at(
          [...here, e.id === undefined ? 'scenario' : 'id'],
          `duplicate id '${id}' (first at scenarios/${first}; give each entry its own id)`,
        ),
      );
    else ids.set(id, i);
    out.push(...entryProblems(p, e, here, at));
  });
  for (const [param, value] of Object.entries(p.defaults?.params ?? {})) {
    const takers = p.scenarios.filter((e) => takesParam(e.scenario, param));
    if (takers.length === 0) {
      out.push(at([...base, 'defaults', 'params', param], `no scenario in profile ${name} takes parameter '${param}'`, true));
      continue;
    }
    const problem = checkParam(takers[0]?.scenario ?? '', param, value);
    if (problem) out.push(at([...base, 'defaults', 'params', param], problem));
  }
  return out;
}

export function checkProfiles(spec: ProfilesSpec, at: Locator): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (spec.profiles[spec.default] === undefined) {
    out.push(at(['default'], `no profile named '${spec.default}' (have: ${Object.keys(spec.profiles).join(', ')})`));
  }
  for (const [name, p] of Object.entries(spec.profiles)) out.push(...profileProblems(name, p, at));
  return out;
}
