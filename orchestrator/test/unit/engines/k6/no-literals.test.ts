/**
 * k6/ and orchestrator/src/ hold no IP literal, URL, secret or threshold expression (they come from the
 * inventory, thresholds and profiles), and no k6 script exports `options` (thresholds reach k6 only through
 * options.json). The scan is checked against planted violations so it cannot pass vacuously.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PROJECT_ROOT, projectPath } from '../../../../src/paths.ts';

const IP = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
const URL_LITERAL = /\b(?:https?|wss?|redis):\/\/[^\s'"`]*[\w.-]/gi;
/**
 * Identifiers that look like URLs but are never fetched: JSON Schema's own, the SVG XML namespace, and the
 * reserved `.invalid` TLD.
 */
const NOT_A_TARGET = /^https?:\/\/(?:json-schema\.org\/|www\.w3\.org\/2000\/svg$|[\w.-]+\.invalid\/)/;
/** Files allowed a threshold literal, and why. */
const THRESHOLD_EXAMPLES: ReadonlySet<string> = new Set([
  // The threshold parser's error message shows examples of the syntax; nothing is evaluated from them.
  'orchestrator/src/criteria/expression.ts',
]);
/**
 * The one file allowed the host's own loopback, 127.0.0.1, and why: a generator's k6 binds its REST API there (on
 * the generator itself, never 0.0.0.0) and the ssh forward's local end listens there — neither is a target, and
 * neither comes from the inventory. Any other address in it is still a violation.
 */
const SELF_LOOPBACK_FILES: ReadonlySet<string> = new Set(['orchestrator/src/engines/k6/remote/remote-k6.ts']);
const THRESHOLD = /['"`](?:p\(\d+(?:\.\d+)?\)|avg|min|max|med|rate|count)\s*[<>]=?\s*\d/;
const EXPORTED_OPTIONS = /export\s+(?:const|let|var|function)\s+options\b|export\s*\{[^}]*\boptions\b/;

export function violations(text: string, file = ''): string[] {
  // Comments may mention examples (`http://host:port`); only code counts.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const ip = [...code.matchAll(new RegExp(IP, 'g'))].find((m) => !(SELF_LOOPBACK_FILES.has(file) && m[0] === '127.0.0.1'));
  if (ip) found.push(`IP literal: ${ip[0]}`);
  const url = [...code.matchAll(URL_LITERAL)].find((m) => !NOT_A_TARGET.test(m[0]));
  if (url) found.push(`URL: ${url[0]}`);
  const threshold = THRESHOLD.exec(code);
  if (threshold && !THRESHOLD_EXAMPLES.has(file)) found.push(`threshold: ${threshold[0]}`);
  if (EXPORTED_OPTIONS.test(code)) found.push('exported options');
  return found;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(e.parentPath, e.name);
    if (!e.isFile() || !/\.(ts|js)$/.test(e.name)) continue;
    if (/\/(dist|test|node_modules)\//.test(path)) continue;
    out.push(path);
  }
  return out;
}

test('the scan finds planted violations', () => {
  assert.deepEqual(violations("const h = '127.0.0.20';"), ['IP literal: 127.0.0.20']);
  assert.match(violations("fetch('http://localhost:8000/health')").join(), /URL/);
  assert.match(violations("const t = { x: ['p(95)<2000'] };").join(), /threshold/);
  assert.match(violations('export const options = {};').join(), /exported options/);
  assert.match(violations('const options = {}; export { options };').join(), /exported options/);
  assert.deepEqual(violations('// e.g. http://127.0.0.20:8001\nconst x = 1;'), []);
  const remote = 'orchestrator/src/engines/k6/remote/remote-k6.ts';
  assert.deepEqual(violations("const self = '127.0.0.1';", remote), []);
  assert.deepEqual(violations("const self = '127.0.0.1';"), ['IP literal: 127.0.0.1']);
  assert.deepEqual(violations("const self = '127.0.0.1', t = '127.0.0.20';", remote), ['IP literal: 127.0.0.20']);
  assert.deepEqual(violations("const id = 'https://loadgate.invalid/schemas/x.json';"), []);
  assert.deepEqual(violations("const ns = 'http://www.w3.org/2000/svg';"), []);
  assert.match(violations("const u = 'http://www.w3.org/2000/svg/evil';").join(), /URL/);
  assert.match(violations("const id = 'https://loadgate.invalid.example.com/x';").join(), /URL/);
  assert.deepEqual(violations("e('p(95)<2000')", 'orchestrator/src/criteria/expression.ts'), []);
});

test('k6/ and orchestrator/src/ are free of IPs, URLs, thresholds and exported options', async () => {
  const files = [...(await sourceFiles(projectPath('k6'))), ...(await sourceFiles(projectPath('orchestrator', 'src')))];
  assert.ok(
    files.some((f) => f.endsWith('k6/scenarios/chat.ts')),
    'the scenario files are scanned',
  );
  const problems: string[] = [];
  for (const f of files)
    for (const v of violations(await readFile(f, 'utf8'), relative(PROJECT_ROOT, f))) problems.push(`${relative(PROJECT_ROOT, f)}: ${v}`);
  assert.deepEqual(problems, []);
});
