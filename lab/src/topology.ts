/**
 * The lab's topology: six "VMs" on loopback, the same last octet as production (vm-inventory.yaml), and the
 * HTTP services each one runs. lab/inventory.yaml describes the same layout for the orchestrator; this file is
 * what the lab itself binds, and a test keeps the two in step.
 */
export const VM_NAMES = ['main', 'frontend', 'npu-worker', 'redis', 'ai-stack', 'browser'] as const;
export type VmName = (typeof VM_NAMES)[number];

export const VM_ADDRESSES: Readonly<Record<VmName, string>> = {
  main: '127.0.0.20',
  frontend: '127.0.0.21',
  'npu-worker': '127.0.0.22',
  redis: '127.0.0.23',
  'ai-stack': '127.0.0.24',
  browser: '127.0.0.25',
};

export const SERVICE_NAMES = ['autobot-backend', 'afirgen', 'ollama', 'frontend', 'npu-worker', 'ai-stack', 'browser'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface HttpService {
  name: ServiceName;
  vm: VmName;
  host: string;
  port: number;
  /** The path that answers 200 while the service is up (used for readiness). */
  healthPath: string;
}

export const SERVICES: readonly HttpService[] = [
  { name: 'autobot-backend', vm: 'main', host: VM_ADDRESSES.main, port: 8001, healthPath: '/api/health' },
  { name: 'afirgen', vm: 'main', host: VM_ADDRESSES.main, port: 8000, healthPath: '/health' },
  // Production runs Ollama beside the backend; the lab's LLM model lives inside the services, so this one only
  // answers Ollama's liveness route (the inventory checks it with a TCP connect).
  { name: 'ollama', vm: 'main', host: VM_ADDRESSES.main, port: 11434, healthPath: '/' },
  { name: 'frontend', vm: 'frontend', host: VM_ADDRESSES.frontend, port: 5173, healthPath: '/' },
  { name: 'npu-worker', vm: 'npu-worker', host: VM_ADDRESSES['npu-worker'], port: 8081, healthPath: '/health' },
  { name: 'ai-stack', vm: 'ai-stack', host: VM_ADDRESSES['ai-stack'], port: 8080, healthPath: '/health' },
  { name: 'browser', vm: 'browser', host: VM_ADDRESSES.browser, port: 3000, healthPath: '/health' },
];

export const REDIS_ENDPOINT = { host: VM_ADDRESSES.redis, port: 6379 } as const;

/** The control endpoint listens on main's address, loopback only. */
export const CONTROL_HOST = VM_ADDRESSES.main;
export const DEFAULT_CONTROL_PORT = 8099;

export function serviceByName(name: ServiceName): HttpService {
  const s = SERVICES.find((x) => x.name === name);
  if (!s) throw new Error(`unknown service ${name}`);
  return s;
}

export function isServiceName(v: unknown): v is ServiceName {
  return typeof v === 'string' && (SERVICE_NAMES as readonly string[]).includes(v);
}

export function isVmName(v: unknown): v is VmName {
  return typeof v === 'string' && (VM_NAMES as readonly string[]).includes(v);
}

/** Rehearsal generator host i (1-based) listens for ssh on 127.0.0.(30 + i):2222 — clear of the six VMs on .20–.25. */
export const GENERATOR_HOST_BASE = 30;
export const GENERATOR_SSH_PORT = 2222;
export const MAX_GENERATOR_HOSTS = 9;
