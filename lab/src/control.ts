/**
 * The control endpoint (loopback only, on main's address): fault switches, config changes and ground truth at
 * run time. Every route is listed in docs/lab.md. Changes are applied by every service before the answer goes
 * out, so a test can act on the new state as soon as it has the response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { applyConfigDocument, type LabConfig } from './config.ts';
import { BadInput, describeError } from './errors.ts';
import { parseFault } from './faults.ts';
import type { GroundTruthSink } from './ground-truth.ts';
import type { Supervisor } from './supervisor.ts';

export interface ControlDeps {
  supervisor: Supervisor;
  groundTruth: GroundTruthSink;
  redisPid: number;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { 'content-length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    if (!(chunk instanceof Buffer)) continue;
    size += chunk.length;
    if (size > 1024 * 1024) throw new BadInput('body too large');
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
    return value;
  } catch {
    throw new BadInput('body is not JSON');
  }
}

function optionalNumber(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^\d+$/.test(v)) throw new BadInput(`${name} must be a non-negative integer`);
  return Number(v);
}

function optionalString(q: URLSearchParams, name: string): string | undefined {
  return q.get(name) ?? undefined;
}

export function stateView(deps: ControlDeps): Record<string, unknown> {
  const { supervisor } = deps;
  return {
    config: supervisor.currentConfig,
    faults: supervisor.activeFaults,
    services: supervisor.listenerStates(),
    redis: { pid: deps.redisPid },
  };
}

async function route(deps: ControlDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { supervisor } = deps;
  const url = new URL(req.url ?? '/', 'http://control');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
  if (method === 'GET' && path === '/state') return send(res, 200, stateView(deps));
  if (method === 'GET' && path === '/faults') return send(res, 200, { faults: supervisor.activeFaults });
  if (method === 'POST' && path === '/faults') {
    const active = await supervisor.addFault(parseFault(await readJson(req)));
    return send(res, 201, active);
  }
  if (method === 'DELETE' && path === '/faults') {
    await supervisor.clearFaults();
    return send(res, 204);
  }
  const one = /^\/faults\/([^/]+)$/.exec(path);
  if (method === 'DELETE' && one?.[1] !== undefined) {
    return (await supervisor.removeFault(decodeURIComponent(one[1]))) ? send(res, 204) : send(res, 404, { error: 'no such fault' });
  }
  if (method === 'GET' && path === '/config') return send(res, 200, supervisor.currentConfig);
  if (method === 'PUT' && path === '/config') {
    const doc = await readJson(req);
    const patch = applyConfigDocument(supervisor.currentConfig, doc, 'body');
    if (patch.faults.length > 0) throw new BadInput('body.faults: use POST /faults at run time');
    const next: LabConfig = patch.config;
    await supervisor.setConfig(next);
    return send(res, 200, next);
  }
  if (method === 'PUT' && path === '/quirks') {
    const doc = await readJson(req);
    const enabled = typeof doc === 'object' && doc !== null && 'enabled' in doc ? doc.enabled : undefined;
    if (typeof enabled !== 'boolean') throw new BadInput('body.enabled: must be true or false');
    await supervisor.setConfig({ ...supervisor.currentConfig, quirks: enabled });
    return send(res, 200, { quirks: enabled });
  }
  if (method === 'GET' && path === '/ground-truth') {
    const q = url.searchParams;
    const result = deps.groundTruth.query({
      since: optionalNumber(q, 'since'),
      limit: optionalNumber(q, 'limit'),
      service: optionalString(q, 'service'),
      route: optionalString(q, 'route'),
      method: optionalString(q, 'method'),
    });
    return send(res, 200, result);
  }
  send(res, 404, { error: `no route ${method} ${path}` });
}

export function startControl(deps: ControlDeps, host: string, port: number, log: (line: string) => void): Promise<Server> {
  const server = createServer((req, res) => {
    route(deps, req, res).catch((err: unknown) => {
      if (err instanceof BadInput) return send(res, 400, { error: err.message });
      log(`control: ${describeError(err)}`);
      send(res, 500, { error: 'internal error' });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => resolve(server));
  });
}
