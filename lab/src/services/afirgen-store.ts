/**
 * AFIRGen's sessions and FIRs, kept in the lab's Redis (DB 0) so that they cost real round trips and survive a
 * restart of the FIR service: `afirgen:session:<uuid>` (JSON, expires after 1 h idle), `afirgen:fir:<number>`
 * (JSON), and the sorted set `afirgen:firs` (FIR numbers by creation time) for `/list_firs`.
 */
import { isRecord } from '../is-record.ts';
import { parseJson } from './http.ts';
import type { LabRedis } from './redis.ts';

export const STEPS = ['transcript_review', 'summary_review', 'violations_review', 'fir_narrative_review', 'final_review'] as const;
export type Step = (typeof STEPS)[number];

export interface Violation {
  db: string;
  section: string;
  text: string;
}

export interface Session {
  session_id: string;
  status: 'awaiting_validation' | 'processing' | 'completed';
  current_step: Step;
  awaiting_validation: boolean;
  created_at: string;
  last_activity: string;
  transcript: string;
  summary?: string;
  violations?: Violation[];
  fir_narrative?: string;
  fir_number?: string;
  fir_content?: string;
}

export interface FirRecord {
  fir_number: string;
  status: 'pending' | 'finalized';
  created_at: string;
  finalized_at: string | null;
  content: string;
  session_id: string;
}

const SESSION_IDLE_S = 3600;
const sessionKey = (id: string): string => `afirgen:session:${id}`;
const firKey = (n: string): string => `afirgen:fir:${n}`;
const FIR_INDEX = 'afirgen:firs';

function isStep(v: unknown): v is Step {
  return typeof v === 'string' && (STEPS as readonly string[]).includes(v);
}

function str(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  return typeof v === 'string' ? v : undefined;
}

/** Parses a stored session; anything that does not fit counts as no session. */
export function parseSession(text: string | null): Session | undefined {
  if (text === null) return undefined;
  const p = parseJson(Buffer.from(text));
  if (!p.ok || !isRecord(p.value)) return undefined;
  const o = p.value;
  const status = o['status'];
  const id = str(o, 'session_id');
  const created = str(o, 'created_at');
  const last = str(o, 'last_activity');
  const transcript = str(o, 'transcript');
  if (id === undefined || created === undefined || last === undefined || transcript === undefined) return undefined;
  if (status !== 'awaiting_validation' && status !== 'processing' && status !== 'completed') return undefined;
  if (!isStep(o['current_step']) || typeof o['awaiting_validation'] !== 'boolean') return undefined;
  const s: Session = {
    session_id: id,
    status,
    current_step: o['current_step'],
    awaiting_validation: o['awaiting_validation'],
    created_at: created,
    last_activity: last,
    transcript,
  };
  const summary = str(o, 'summary');
  if (summary !== undefined) s.summary = summary;
  const narrative = str(o, 'fir_narrative');
  if (narrative !== undefined) s.fir_narrative = narrative;
  const firNumber = str(o, 'fir_number');
  if (firNumber !== undefined) s.fir_number = firNumber;
  const firContent = str(o, 'fir_content');
  if (firContent !== undefined) s.fir_content = firContent;
  const v = o['violations'];
  if (Array.isArray(v)) {
    s.violations = v
      .filter(isRecord)
      .map((x) => ({ db: str(x, 'db') ?? '', section: str(x, 'section') ?? '', text: str(x, 'text') ?? '' }));
  }
  return s;
}

export function parseFir(text: string | null): FirRecord | undefined {
  if (text === null) return undefined;
  const p = parseJson(Buffer.from(text));
  if (!p.ok || !isRecord(p.value)) return undefined;
  const o = p.value;
  const n = str(o, 'fir_number');
  const created = str(o, 'created_at');
  const content = str(o, 'content');
  const sid = str(o, 'session_id');
  const status = o['status'];
  const fin = o['finalized_at'];
  if (n === undefined || created === undefined || content === undefined || sid === undefined) return undefined;
  if (status !== 'pending' && status !== 'finalized') return undefined;
  return { fir_number: n, status, created_at: created, finalized_at: typeof fin === 'string' ? fin : null, content, session_id: sid };
}

export class AfirgenStore {
  constructor(private readonly redis: LabRedis) {}

  async getSession(id: string): Promise<Session | undefined> {
    return parseSession(await this.redis.get(sessionKey(id)));
  }

  async putSession(s: Session): Promise<void> {
    await this.redis.set(sessionKey(s.session_id), JSON.stringify(s), { EX: SESSION_IDLE_S });
  }

  async getFir(n: string): Promise<FirRecord | undefined> {
    return parseFir(await this.redis.get(firKey(n)));
  }

  async putFir(f: FirRecord): Promise<void> {
    await Promise.all([
      this.redis.set(firKey(f.fir_number), JSON.stringify(f)),
      this.redis.zAdd(FIR_INDEX, { score: Date.parse(f.created_at), value: f.fir_number }),
    ]);
  }

  async listFirs(limit: number, offset: number): Promise<FirRecord[]> {
    const numbers = await this.redis.zRange(FIR_INDEX, offset, offset + limit - 1, { REV: true });
    if (numbers.length === 0) return [];
    const texts = await this.redis.mGet(numbers.map(firKey));
    return texts.map((t) => parseFir(t)).filter((f): f is FirRecord => f !== undefined);
  }
}
