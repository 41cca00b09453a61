import { EXIT } from '../../exit-codes.ts';
import { UsageError } from '../../errors.ts';
import { loadVerdict } from '../../verdict/load.ts';
import { compareVerdicts, DEFAULT_MIN_EFFECT, formatPValue } from '../../verdict/compare.ts';
import { ms } from '../../report/format.ts';
import { stringFlag, type Command, type ParsedArgs } from '../command.ts';

/** `--min-effect`: the smallest p95 change counted as a regression, as a fraction (0.10 = +10 %). */
export function minEffectFlag(args: ParsedArgs, command: string): number | undefined {
  const raw = stringFlag(args, 'min-effect');
  if (raw === undefined) return undefined;
  const minEffect = Number(raw);
  if (!(minEffect > 0 && minEffect < 10)) throw new UsageError(`${command}: --min-effect '${raw}' must be a fraction such as 0.10`);
  return minEffect;
}

export const compare: Command = {
  name: 'compare',
  summary: 'compare two runs: p95 deltas, regressions only when large enough AND significant (Mann–Whitney U)',
  usage: 'loadgate compare <base run-dir|verdict.json> <current run-dir|verdict.json> [--min-effect 0.10]',
  flags: { 'min-effect': { type: 'string' } },
  positionals: true,
  async run(args, ctx) {
    const [a, b, ...extra] = args.positionals;
    if (a === undefined || b === undefined || extra.length > 0) throw new UsageError(`compare: expected two runs (usage: ${this.usage})`);
    const minEffect = minEffectFlag(args, 'compare') ?? DEFAULT_MIN_EFFECT;
    const base = await loadVerdict(a);
    const current = await loadVerdict(b);
    const c = await compareVerdicts(base, current, { minEffect });
    for (const d of c.deltas) {
      const change = `${d.change >= 0 ? '+' : ''}${(d.change * 100).toFixed(1)} %`;
      const p = d.pValue === null ? '' : ` ${formatPValue(d.pValue)}`;
      ctx.out(
        `${d.scenario}  ${d.selector}  p95 ${ms(d.base)} → ${ms(d.current)} (${change}${p})  ${d.outcome}${d.note ? ` (${d.note})` : ''}`,
      );
    }
    if (c.deltas.length === 0) ctx.out('no common scenario metric to compare');
    ctx.out(
      c.regressions > 0
        ? `compare: FAIL (exit 1) — ${c.regressions} significant regression(s) against ${base.runId}`
        : `compare: PASS (exit 0) — no significant regression against ${base.runId}`,
    );
    return c.regressions > 0 ? EXIT.FAIL : EXIT.PASS;
  },
};
