/**
 * `--set key=value` overrides, the top of the override order (built-in defaults < profile defaults <
 * profile entry < --set). A key addresses the selected profile's entries by id or scenario name:
 *   <id|scenario>.executor.<field>   e.g. chat.executor.vus=10
 *   <id|scenario>.params.<name>      e.g. chat.params.turns=2, fir-concurrency.params.concurrency=5
 *   <id|scenario>.timeout | .maxDuration
 *   <id|scenario>.generators         e.g. chat.generators=gen-1,gen-2 (the generators it is split over)
 *   rounds | pauseMs                 the profile's own
 * Overrides are applied to the profile's raw data before the schema and rules check it, so a bad value is
 * reported like any other, located at the flag that set it.
 */
import type { ConfigProblem } from '../errors.ts';
import type { PathSegment } from './source.ts';
import { isRecord } from '../is-record.ts';

export interface Override {
  text: string;
  /** 1-based position among the --set flags (the "column" of its problems). */
  index: number;
  target: string | undefined;
  field: string[];
  value: string | number | boolean | string[];
}

/** The "file" of problems in command-line flags (one word, so `file:line:col` stays parseable). */
export const COMMAND_LINE = 'command-line';

export function flagProblem(flag: string, index: number, text: string, message: string, path = ''): ConfigProblem {
  return { file: COMMAND_LINE, line: 1, col: index, path, message: `${flag} ${text}: ${message}` };
}

export function parseValue(raw: string): string | number | boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

export function parseOverrides(sets: readonly string[]): { overrides: Override[]; problems: ConfigProblem[] } {
  const overrides: Override[] = [];
  const problems: ConfigProblem[] = [];
  sets.forEach((text, i) => {
    const index = i + 1;
    const eq = text.indexOf('=');
    const key = eq < 0 ? '' : text.slice(0, eq);
    const value = parseValue(eq < 0 ? '' : text.slice(eq + 1));
    if (eq < 0 || key === '' || text.slice(eq + 1) === '') {
      problems.push(flagProblem('--set', index, text, 'expected key=value (e.g. chat.executor.vus=10)'));
      return;
    }
    const parts = key.split('.');
    if (parts.length === 1 && (key === 'rounds' || key === 'pauseMs')) {
      overrides.push({ text, index, target: undefined, field: [key], value });
      return;
    }
    const [target = '', group = '', name, ...rest] = parts;
    const ok =
      rest.length === 0 &&
      (((group === 'executor' || group === 'params') && name !== undefined && name !== '') ||
        ((group === 'timeout' || group === 'maxDuration' || group === 'generators') && name === undefined));
    if (!ok || target === '') {
      problems.push(
        flagProblem(
          '--set',
          index,
          text,
          'key must be <scenario>.executor.<field>, <scenario>.params.<name>, <scenario>.timeout, <scenario>.maxDuration, <scenario>.generators, rounds or pauseMs',
        ),
      );
      return;
    }
    if (group === 'generators') {
      const names = text.slice(eq + 1).split(',');
      if (names.some((n) => n.trim() === '')) {
        problems.push(flagProblem('--set', index, text, 'expected generator names separated by commas (e.g. chat.generators=gen-1,gen-2)'));
        return;
      }
      overrides.push({ text, index, target, field: [group], value: names.map((n) => n.trim()) });
      return;
    }
    overrides.push({ text, index, target, field: name === undefined ? [group] : [group, name], value });
  });
  return { overrides, problems };
}

/**
 * Applies overrides to a deep copy of the profiles document's data, returning it with the paths each
 * override wrote (so problems there are located at the flag, not in the file).
 */
export function applyOverrides(
  raw: unknown,
  profile: string,
  overrides: readonly Override[],
): { value: unknown; written: Array<{ path: PathSegment[]; override: Override }>; problems: ConfigProblem[] } {
  const value: unknown = structuredClone(raw);
  const written: Array<{ path: PathSegment[]; override: Override }> = [];
  const problems: ConfigProblem[] = [];
  const prof = isRecord(value) && isRecord(value['profiles']) ? value['profiles'][profile] : undefined;
  if (!isRecord(prof)) return { value, written, problems };
  for (const o of overrides) {
    if (o.target === undefined) {
      prof[o.field[0] ?? ''] = o.value;
      written.push({ path: ['profiles', profile, ...o.field], override: o });
      continue;
    }
    const entries: unknown[] = Array.isArray(prof['scenarios']) ? prof['scenarios'] : [];
    // An id is more specific than a scenario name: `fir-concurrency-20` hits one entry, while
    // `fir-concurrency` hits every entry of that scenario unless one has exactly that id.
    const byId = entries.some((e) => isRecord(e) && (e['id'] ?? e['scenario']) === o.target);
    let hits = 0;
    entries.forEach((entry, i) => {
      if (!isRecord(entry)) return;
      const match = byId ? (entry['id'] ?? entry['scenario']) === o.target : entry['scenario'] === o.target;
      if (!match) return;
      hits += 1;
      let node: Record<string, unknown> = entry;
      for (const seg of o.field.slice(0, -1)) {
        const next = node[seg];
        const child: Record<string, unknown> = isRecord(next) ? next : {};
        node[seg] = child;
        node = child;
      }
      node[o.field[o.field.length - 1] ?? ''] = o.value;
      written.push({ path: ['profiles', profile, 'scenarios', i, ...o.field], override: o });
    });
    if (hits === 0) problems.push(flagProblem('--set', o.index, o.text, `profile ${profile} has no scenario or id '${o.target}'`));
  }
  return { value, written, problems };
}
