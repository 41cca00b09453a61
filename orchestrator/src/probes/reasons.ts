/**
 * Why an operation failed, as one short word that becomes the `reason` tag of a failed sample. Network
 * reasons follow the cross-VM vocabulary (refused, timeout, dns, wrong-status, tls, protocol); Redis and
 * files add their own (auth, wrong-value, no-space, …). Unknown errors fall back to `error`.
 */
export type Reason =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'wrong-status'
  | 'tls'
  | 'protocol'
  | 'reset'
  | 'auth'
  | 'wrong-value'
  | 'wrong-content'
  | 'no-space'
  | 'read-only'
  | 'permission'
  | 'io'
  | 'aborted'
  | 'error';

const BY_CODE: Readonly<Record<string, Reason>> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  ENOSPC: 'no-space',
  EDQUOT: 'no-space',
  EROFS: 'read-only',
  EACCES: 'permission',
  EPERM: 'permission',
  EIO: 'io',
  ABORT_ERR: 'aborted',
  EPROTO: 'tls',
  HPE_INVALID_CONSTANT: 'protocol',
  HPE_INVALID_VERSION: 'protocol',
};

/** node-redis's error classes, by name (their classes are not all exported from the package root). */
const BY_NAME: Readonly<Record<string, Reason>> = {
  TimeoutError: 'timeout',
  ConnectionTimeoutError: 'timeout',
  SocketTimeoutError: 'timeout',
  AbortError: 'aborted',
  SocketClosedUnexpectedlyError: 'reset',
  ClientClosedError: 'reset',
  ClientOfflineError: 'reset',
};

function field(err: object, key: string): unknown {
  const value: unknown = Reflect.get(err, key);
  return value;
}

export function classifyError(err: unknown): Reason {
  if (typeof err !== 'object' || err === null) return 'error';
  const code = field(err, 'code');
  if (typeof code === 'string') {
    const known = BY_CODE[code];
    if (known) return known;
    if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('DEPTH_ZERO')) return 'tls';
    if (code.startsWith('HPE_')) return 'protocol';
  }
  const name = field(err, 'name');
  if (typeof name === 'string' && BY_NAME[name]) return BY_NAME[name];
  // Some node-redis errors keep name 'Error' (SocketClosedUnexpectedlyError, thrown at in-flight commands when
  // the server dies): their class is what says what happened.
  const ctor = field(err, 'constructor');
  const byClass = typeof ctor === 'function' ? BY_NAME[ctor.name] : undefined;
  if (byClass) return byClass;
  const message = field(err, 'message');
  if (typeof message === 'string') {
    // Redis error replies carry their kind as the first word.
    if (/^(WRONGPASS|NOAUTH|NOPERM)\b/.test(message) || /invalid (username-password|password)/i.test(message)) return 'auth';
    if (/timed? ?out/i.test(message)) return 'timeout';
  }
  // AggregateError (e.g. a connect to several addresses): the first cause decides.
  const errors = field(err, 'errors');
  if (Array.isArray(errors) && errors.length > 0) return classifyError(errors[0]);
  // Wrappers keep the original: Error's `cause`, node-redis's ReconnectStrategyError `originalError`.
  for (const key of ['cause', 'originalError', 'socketError']) {
    const inner = field(err, key);
    if (inner !== undefined && inner !== err) return classifyError(inner);
  }
  return 'error';
}
