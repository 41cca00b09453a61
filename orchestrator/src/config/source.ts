/**
 * Reading one configuration file: refuse what is not a small text file before parsing it, parse the YAML
 * keeping positions, and locate any path inside the document as `line:col`, so that every later problem
 * (schema, rules, plan building) can name the exact place a user has to edit.
 */
import { readFile, stat } from 'node:fs/promises';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { errnoCode, type ConfigProblem } from '../errors.ts';

/** Configuration files are hand-written and small; anything larger is a mistake, refused before parsing. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type PathSegment = string | number;

export interface ConfigSource {
  /** The file as given (relative paths stay relative, so messages match what the user typed). */
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain data, `unknown` until the schema has checked it. */
  value: unknown;
}

export type SourceResult = { ok: true; source: ConfigSource } | { ok: false; problems: ConfigProblem[] };

const whole = (file: string, message: string): ConfigProblem => ({ file, line: 1, col: 1, path: '', message });

/** Reads and parses one YAML file; every failure is a located problem, never an exception. */
export async function readSource(file: string): Promise<SourceResult> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { ok: false, problems: [whole(file, 'is a directory, expected a YAML file')] };
    if (!info.isFile()) return { ok: false, problems: [whole(file, 'is not a regular file')] };
    if (info.size > MAX_CONFIG_BYTES) {
      return {
        ok: false,
        problems: [whole(file, `is ${info.size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit for a configuration file`)],
      };
    }
    bytes = await readFile(file);
  } catch (err) {
    const code = errnoCode(err);
    return { ok: false, problems: [whole(file, code === 'ENOENT' ? 'no such file' : `cannot read: ${code ?? String(err)}`)] };
  }
  return parseSource(file, bytes);
}

/** Parses bytes already in memory (also what the property test drives directly). */
export function parseSource(file: string, bytes: Uint8Array): SourceResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problems: [whole(file, 'is not UTF-8 text (binary file?)')] };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return { ok: false, problems: [whole(file, 'contains a NUL byte: not a text file')] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: ConfigProblem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { file, line: pos.line, col: pos.col, path: '', message: `YAML: ${firstLine(e.message)}` };
  });
  if (problems.length > 0) return { ok: false, problems };
  if (doc.contents === null) return { ok: false, problems: [whole(file, 'is empty')] };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, problems: [whole(file, `YAML: ${firstLine(err instanceof Error ? err.message : String(err))}`)] };
  }
  return { ok: true, source: { file, doc, lineCounter, value } };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** JSON-pointer text of a path, e.g. `/vms/2/services/0/port`. */
export function pointer(path: readonly PathSegment[]): string {
  return path.map((s) => `/${String(s)}`).join('');
}

/**
 * The deepest node that exists along `path`, as line and column. With `key` the position of the last
 * segment's key is preferred (an unknown property is reported where its name is written).
 */
export function locate(source: ConfigSource, path: readonly PathSegment[], key = false): { line: number; col: number } {
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i += 1) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => scalarText(p.key) === String(seg));
      if (!pair) break;
      const last = i === path.length - 1;
      if (last && key) {
        offset = rangeStart(pair.key) ?? offset;
        break;
      }
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  return source.lineCounter.linePos(offset);
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}

/** A problem at a path inside a source. */
export function problemAt(source: ConfigSource, path: readonly PathSegment[], message: string, key = false): ConfigProblem {
  const { line, col } = locate(source, path, key);
  return { file: source.file, line, col, path: pointer(path), message };
}
