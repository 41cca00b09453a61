/**
 * The small services: the frontend (HTML at `/`, `/api/*` proxied to main:8001 like Vite's dev proxy) and the
 * health-only services on npu-worker, ai-stack (503 when degraded) and browser, and Ollama's liveness root.
 */
import { Agent, request } from 'node:http';
import { serviceByName, type ServiceName } from '../topology.ts';
import type { Exchange, HostState, ServiceLogic } from './host.ts';
import { sendJson } from './http.ts';

const INDEX_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>AutoBot (lab)</title></head>
<body><div id="app">AutoBot lab frontend</div><script type="module" src="/src/main.ts"></script></body></html>
`;

export function frontendLogic(): ServiceLogic {
  const backend = serviceByName('autobot-backend');
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  function proxy(ex: Exchange): Promise<void> {
    return new Promise((resolve) => {
      const upstream = request(
        { host: backend.host, port: backend.port, method: ex.method, path: ex.req.url, headers: ex.req.headers, agent },
        (up) => {
          ex.res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(ex.res);
          up.on('end', resolve);
          up.on('error', () => resolve());
        },
      );
      upstream.on('error', (err) => {
        sendJson(ex.res, 502, { detail: `proxy error: ${err.message}` });
        resolve();
      });
      ex.req.pipe(upstream);
    });
  }

  return {
    route(_method, path) {
      if (path === '/' || path === '/index.html') return '/';
      return path.startsWith('/api/') ? '/api/*' : path;
    },
    fail(ex, status) {
      sendJson(ex.res, status, { detail: 'injected fault' });
    },
    async handle(ex) {
      if (ex.route === '/api/*') return proxy(ex);
      ex.req.resume();
      if (ex.route === '/' && (ex.method === 'GET' || ex.method === 'HEAD')) {
        ex.res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(INDEX_HTML) });
        ex.res.end(ex.method === 'HEAD' ? undefined : INDEX_HTML);
        return;
      }
      sendJson(ex.res, 404, { detail: 'Not Found' });
      return Promise.resolve();
    },
  };
}

export function healthOnlyLogic(name: ServiceName, state: HostState): ServiceLogic {
  return {
    route: (_method, path) => path,
    fail(ex, status) {
      sendJson(ex.res, status, { status: 'error', detail: 'injected fault' });
    },
    handle(ex) {
      ex.req.resume();
      if (name === 'ollama') {
        // Ollama answers its root with a plain-text liveness line.
        if (ex.path === '/' && ex.method === 'GET') {
          ex.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          ex.res.end('Ollama is running');
        } else sendJson(ex.res, 404, { detail: 'Not Found' });
      } else if (ex.path === '/health' && ex.method === 'GET') {
        // Only the AI stack reports degradation with 503, as the contract says; the others stay 200.
        const degraded = state.degraded;
        const status = degraded && name === 'ai-stack' ? 503 : 200;
        sendJson(ex.res, status, { status: degraded ? 'degraded' : 'healthy', service: name, timestamp: new Date().toISOString() });
      } else {
        sendJson(ex.res, 404, { detail: 'Not Found' });
      }
      return Promise.resolve();
    },
  };
}
