/**
 * Small modules: no source file of orchestrator/src or lab/src over 300 lines (issue 15's bar). A merge once
 * pushed config/build.ts to 301 without anyone noticing; this pins it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { projectPath } from '../../../src/paths.ts';

const MAX_LINES = 300;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

test(`no source file in orchestrator/src or lab/src is over ${MAX_LINES} lines`, async () => {
  const files = [...(await sourceFiles(projectPath('orchestrator', 'src'))), ...(await sourceFiles(projectPath('lab', 'src')))];
  assert.ok(files.length > 100, `only ${files.length} source files found: the scan is broken`);
  const over: string[] = [];
  for (const f of files) {
    const lines = (await readFile(f, 'utf8')).split('\n').length - 1;
    if (lines > MAX_LINES) over.push(`${relative(projectPath(), f)}: ${lines} lines`);
  }
  assert.deepEqual(over, []);
});
