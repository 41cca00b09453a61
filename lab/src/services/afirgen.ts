/**
 * AFIRGen's FIR pipeline on main:8000: auth, the per-client sliding-window rate limit, `/process`
 * (afirgen-process.ts), the `/validate` step machine (afirgen-validate.ts), sessions and FIRs in Redis, and `/health` in its exact
 * shape. The contract's "as-shipped quirks" switch on with `config.quirks`.
 */
import { SlidingWindowLimiter } from '../sim/rate-limit.ts';
import { ModelLayer } from './afirgen-models.ts';
import { handleProcess } from './afirgen-process.ts';
import { AfirgenStore, type Session } from './afirgen-store.ts';
import { FIR_NUMBER_RE } from './afirgen-text.ts';
import { handleValidate } from './afirgen-validate.ts';
import type { Exchange, HostState, ServiceLogic } from './host.ts';
import { isRecord } from '../is-record.ts';
import { isUuid, parseJson, readBody, sendJson, sendText } from './http.ts';
import type { LabRedis } from './redis.ts';

const FIXED = new Set(['/process', '/validate', '/list_firs', '/authenticate', '/health', '/metrics', '/reliability']);
const STATUS_RE = /^\/session\/([^/]+)\/status$/;
const FIR_RE = /^\/fir\/([^/]+)$/;
const FIR_CONTENT_RE = /^\/fir\/([^/]+)\/content$/;

export function afirgenLogic(state: HostState, redis: LabRedis, apiKey: string): ServiceLogic {
  const store = new AfirgenStore(redis);
  const models = new ModelLayer(state);
  const limiter = new SlidingWindowLimiter();
  let requests = 0;
  let active = 0;

  function authorized(ex: Exchange): boolean {
    const h = ex.req.headers;
    const key = h['x-api-key'];
    if (typeof key === 'string' && key === apiKey) return true;
    const auth = h['authorization'];
    return typeof auth === 'string' && auth === `Bearer ${apiKey}`;
  }

  function sessionView(s: Session): Record<string, unknown> {
    return {
      session_id: s.session_id,
      status: s.status,
      current_step: s.current_step,
      awaiting_validation: s.awaiting_validation,
      created_at: s.created_at,
      last_activity: s.last_activity,
    };
  }

  async function authenticate(ex: Exchange): Promise<void> {
    const body = await readBody(ex.req, 64 * 1024);
    const parsed = body.ok ? parseJson(body.data) : { ok: false as const };
    const v = parsed.ok ? parsed.value : undefined;
    if (!isRecord(v) || typeof v['fir_number'] !== 'string' || typeof v['auth_key'] !== 'string') {
      return sendJson(ex.res, 422, {
        detail: [{ type: 'missing', loc: ['body'], msg: 'fir_number and auth_key (strings) are required', input: null }],
      });
    }
    const fir = await store.getFir(v['fir_number']);
    if (!fir) return sendJson(ex.res, 404, { detail: 'FIR not found' });
    if (v['auth_key'] !== apiKey) return sendJson(ex.res, 401, { detail: 'Invalid authentication key' });
    if (fir.status === 'finalized') return sendJson(ex.res, 400, { detail: 'FIR already finalized' });
    await store.putFir({ ...fir, status: 'finalized', finalized_at: new Date().toISOString() });
    sendJson(ex.res, 200, { success: true, message: 'FIR authenticated and finalized', fir_number: fir.fir_number });
  }

  async function listFirs(ex: Exchange): Promise<void> {
    const limit = intParam(ex.query.get('limit'), 20);
    const offset = intParam(ex.query.get('offset'), 0);
    if (limit === undefined || limit < 1 || limit > 100)
      return sendJson(ex.res, 422, queryError('limit', 'Input should be between 1 and 100'));
    if (offset === undefined || offset < 0)
      return sendJson(ex.res, 422, queryError('offset', 'Input should be greater than or equal to 0'));
    const records = (await store.listFirs(limit, offset)).map((f) => ({
      fir_number: f.fir_number,
      status: f.status,
      created_at: f.created_at,
    }));
    sendJson(ex.res, 200, { records, limit, offset, count: records.length });
  }

  async function fir(ex: Exchange, withContent: boolean): Promise<void> {
    const n = decodeURIComponent((withContent ? FIR_CONTENT_RE : FIR_RE).exec(ex.path)?.[1] ?? '');
    if (!FIR_NUMBER_RE.test(n)) return sendJson(ex.res, 400, { detail: 'Invalid FIR number format' });
    const f = await store.getFir(n);
    if (!f) return sendJson(ex.res, 404, { detail: 'FIR not found' });
    const view: Record<string, unknown> = {
      fir_number: f.fir_number,
      status: f.status,
      created_at: f.created_at,
      finalized_at: f.finalized_at,
    };
    if (withContent) view['content'] = f.content;
    sendJson(ex.res, 200, view);
  }

  async function sessionStatus(ex: Exchange): Promise<void> {
    const id = decodeURIComponent(STATUS_RE.exec(ex.path)?.[1] ?? '');
    if (!isUuid(id)) return sendJson(ex.res, 400, { detail: 'Invalid session ID format' });
    const s = await store.getSession(id.toLowerCase());
    if (!s) return sendJson(ex.res, 404, { detail: 'Session not found' });
    sendJson(ex.res, 200, sessionView(s));
  }

  function health(ex: Exchange): void {
    const cfg = state.config.afirgen;
    const status = state.degraded ? 'degraded' : 'healthy';
    sendJson(ex.res, 200, {
      status,
      model_server: {
        status,
        models_loaded: { summariser: true, bns_check: true, fir_summariser: true },
        message: 'Model server reachable',
      },
      asr_ocr_server: { status: 'healthy', models: { whisper: true, dots_ocr: true }, message: 'ASR/OCR server reachable' },
      database: 'connected',
      kb_collections: 3,
      kb_cache_size: 0,
      session_persistence: 'redis',
      magic_available: true,
      concurrency: { max_concurrent_requests: cfg.maxConcurrentProcess, max_concurrent_model_calls: cfg.modelSlots, http_pool_size: 20 },
      reliability: reliability(),
    });
  }

  function reliability(): Record<string, unknown> {
    return {
      circuit_breakers: { model_server: models.breakers.model_server.state(), asr_ocr_server: models.breakers.asr_ocr_server.state() },
      graceful_shutdown: { is_shutting_down: false, active_requests: active, shutdown_timeout: 30 },
      health_monitor: { status: 'running', checks: 2 },
    };
  }

  async function route(ex: Exchange): Promise<void> {
    const { method, route: r } = ex;
    const want = (m: string): boolean => {
      if (method === m) return true;
      ex.req.resume();
      sendJson(ex.res, 405, { detail: 'Method Not Allowed' });
      return false;
    };
    switch (r) {
      case '/process':
        return want('POST') ? handleProcess(ex, state, store, models) : undefined;
      case '/validate':
        return want('POST') ? handleValidate(ex, state, store, models) : undefined;
      case '/session/{session_id}/status':
        return want('GET') ? sessionStatus(ex) : undefined;
      case '/fir/{fir_number}':
        return want('GET') ? fir(ex, false) : undefined;
      case '/fir/{fir_number}/content':
        return want('GET') ? fir(ex, true) : undefined;
      case '/list_firs':
        return want('GET') ? listFirs(ex) : undefined;
      case '/authenticate':
        return want('POST') ? authenticate(ex) : undefined;
      case '/metrics':
        if (want('GET'))
          sendJson(ex.res, 200, {
            requests_total: requests,
            active_requests: active,
            model_calls_total: models.modelCalls,
            model_timeouts_total: models.timeouts,
            model_slots_in_use: models.slots.inUse,
            model_slots_queued: models.slots.queued,
          });
        return;
      case '/reliability':
        if (want('GET')) sendJson(ex.res, 200, reliability());
        return;
      default:
        ex.req.resume();
        sendJson(ex.res, 404, { detail: 'Not Found' });
    }
  }

  return {
    route(_method, path) {
      if (FIXED.has(path)) return path;
      if (STATUS_RE.test(path)) return '/session/{session_id}/status';
      if (FIR_CONTENT_RE.test(path)) return '/fir/{fir_number}/content';
      if (FIR_RE.test(path)) return '/fir/{fir_number}';
      return path;
    },
    configure(config) {
      models.configure(config);
    },
    fail(ex, status) {
      sendJson(ex.res, status, { detail: 'Internal server error (injected fault)' });
    },
    async handle(ex) {
      requests++;
      const cfg = state.config.afirgen;
      ex.res.setHeader('X-RateLimit-Limit', String(cfg.rateLimitRequests));
      ex.res.setHeader('X-RateLimit-Window', String(cfg.rateLimitWindowS));
      if (ex.route === '/health' && ex.method === 'GET') return health(ex);
      if (ex.method === 'OPTIONS' && !state.config.quirks) {
        ex.res.writeHead(200, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'Content-Type, X-API-Key, Authorization',
          'content-length': '0',
        });
        ex.res.end();
        return;
      }
      if (!authorized(ex)) {
        ex.req.resume();
        if (state.config.quirks) return sendText(ex.res, 500, 'Internal Server Error', { connection: 'close' });
        return sendJson(ex.res, 401, { detail: 'Invalid or missing API key' });
      }
      const client = ex.req.socket.remoteAddress ?? 'unknown';
      if (!limiter.allow(client, cfg.rateLimitRequests, cfg.rateLimitWindowS * 1000)) {
        ex.req.resume();
        return sendJson(
          ex.res,
          429,
          {
            detail: `Rate limit exceeded: ${cfg.rateLimitRequests} requests per ${cfg.rateLimitWindowS} seconds`,
            error: 'too_many_requests',
          },
          { 'Retry-After': String(cfg.rateLimitWindowS) },
        );
      }
      active++;
      try {
        await route(ex);
      } finally {
        active--;
      }
    },
  };
}

function intParam(v: string | null, fallback: number): number | undefined {
  if (v === null) return fallback;
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
}

function queryError(field: string, msg: string): { detail: unknown[] } {
  return { detail: [{ type: 'value_error', loc: ['query', field], msg, input: field }] };
}
