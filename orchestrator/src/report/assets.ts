/**
 * The script and styles inlined into every report.html, read once per process from disk: uPlot's own
 * minified build (node_modules/uplot, the exact version package.json pins) and our chart script beside this
 * file. Inlined, not linked: the report is one file that opens offline, with no CDN.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResultsError } from '../errors.ts';

export interface ReportAssets {
  css: string;
  script: string;
}

let cached: ReportAssets | undefined;

/** `</script` cannot occur inside an inline script; in JS source it can only be in a string or regex, where `<\/` means the same. */
const inlineSafe = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1');

export function reportAssets(): ReportAssets {
  if (cached) return cached;
  const read = (path: string | (() => string)): string => {
    try {
      return readFileSync(typeof path === 'string' ? path : path(), 'utf8');
    } catch (err) {
      throw new ResultsError(
        `cannot read ${typeof path === 'string' ? path : 'uplot'} for report.html (run npm install): ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
        },
      );
    }
  };
  // Resolved lazily inside read(): a missing package is the same one-line error as a missing file.
  const uplot = (file: string) => (): string => join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist', file);
  const own = join(dirname(fileURLToPath(import.meta.url)), 'assets', 'charts.js');
  cached = {
    css: read(uplot('uPlot.min.css')),
    script: `${inlineSafe(read(uplot('uPlot.iife.min.js')))}\n${inlineSafe(read(own))}`,
  };
  return cached;
}
