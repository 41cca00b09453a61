import { EXIT } from '../../exit-codes.ts';
import { UsageError } from '../../errors.ts';
import { loadVerdict } from '../../verdict/load.ts';
import { writeDerivedReports } from '../../report/write.ts';
import { verdictLine } from '../../report/console.ts';
import type { Command } from '../command.ts';

export const report: Command = {
  name: 'report',
  summary: "regenerate report.md, summary.md, report.html and junit.xml offline from a run directory's verdict.json",
  usage: 'loadgate report <run-dir>',
  flags: {},
  positionals: true,
  async run(args, ctx) {
    const [dir, ...extra] = args.positionals;
    if (dir === undefined || extra.length > 0) throw new UsageError(`report: expected one run directory (usage: ${this.usage})`);
    const verdict = await loadVerdict(dir);
    const runDir = verdict.location ?? dir;
    await writeDerivedReports(verdict, runDir);
    ctx.out(`wrote report.md, summary.md, report.html, junit.xml in ${runDir}`);
    ctx.out(verdictLine(verdict));
    return EXIT.PASS;
  },
};
