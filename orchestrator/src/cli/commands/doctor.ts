import { EXIT } from '../../exit-codes.ts';
import { findGo, findK6, findRedisServer, nodeTool, pinnedK6Version, type Tool } from '../../toolchain.ts';
import type { Command } from '../command.ts';

function nodeIsRecentEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19);
}

export const doctor: Command = {
  name: 'doctor',
  summary: 'show node, k6, redis-server and go: versions, paths, where each comes from',
  usage: 'loadgate doctor',
  flags: {},
  async run(_args, ctx) {
    const tools: Tool[] = [nodeTool(), await findK6(ctx.env), await findRedisServer(ctx.env), await findGo(ctx.env)];
    const pinned = await pinnedK6Version();
    const missing: string[] = [];
    for (const t of tools) {
      const found = t.path !== undefined && t.version !== undefined;
      ctx.out(
        `${t.name.padEnd(13)}${found ? (t.version ?? '') : 'missing'}${found ? `  ${t.path ?? ''}  (${t.source})` : `  -> ${t.remedy}`}`,
      );
      if (!t.required) continue;
      if (!found) missing.push(`${t.name}: ${t.remedy}`);
      else if (t.name === 'node' && !nodeIsRecentEnough(t.version ?? '')) missing.push(`node ${t.version ?? ''} is too old: ${t.remedy}`);
      else if (t.name === 'k6' && t.version !== pinned) missing.push(`k6 ${t.version ?? ''} is not the pinned ${pinned}: run 'make setup'`);
    }
    if (missing.length > 0) {
      for (const m of missing) ctx.err(`loadgate doctor: ${m}`);
      return EXIT.USAGE;
    }
    ctx.out('everything make load needs is present');
    return EXIT.PASS;
  },
};
