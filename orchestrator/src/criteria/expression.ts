/**
 * k6's threshold expression language, parsed once and shared by config validation (does it parse? does the
 * aggregation suit the metric's type?) and by the verdict (evaluate it against recomputed values).
 *
 *   expression := aggregation operator number          e.g. `p(95)<2000`, `rate<0.01`, `count>0`
 *   aggregation := count | rate | value | min | max | avg | med | p(N)
 *   operator := < | <= | > | >= | == | === | !=
 *   selector := metric [ '{' tag ':' value { ',' tag ':' value } '}' ]   e.g. `fir_step_duration{step:summary}`
 */

export type Aggregation =
  | { kind: 'count' }
  | { kind: 'rate' }
  | { kind: 'value' }
  | { kind: 'min' }
  | { kind: 'max' }
  | { kind: 'avg' }
  | { kind: 'med' }
  | { kind: 'percentile'; p: number };

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface Expression {
  source: string;
  aggregation: Aggregation;
  operator: Operator;
  threshold: number;
}

export type MetricType = 'trend' | 'rate' | 'counter' | 'gauge';

export interface Selector {
  source: string;
  metric: string;
  /** Tag filter; empty when the selector names the whole metric. */
  tags: Readonly<Record<string, string>>;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const EXPRESSION =
  /^\s*(count|rate|value|min|max|avg|med|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;

export function parseExpression(source: string): ParseResult<Expression> {
  const m = EXPRESSION.exec(source);
  if (!m) return { ok: false, error: `'${source}' is not a k6 threshold expression (e.g. 'p(95)<2000', 'rate<0.01', 'count>0')` };
  const [, agg = '', pct, op = '', num = ''] = m;
  let aggregation: Aggregation;
  if (pct !== undefined) {
    const p = Number(pct);
    if (!(p >= 0 && p <= 100)) return { ok: false, error: `'${source}': percentile ${pct} is outside 0–100` };
    aggregation = { kind: 'percentile', p };
  } else {
    if (!isSimpleAggregation(agg)) return { ok: false, error: `'${source}': unknown aggregation '${agg}'` };
    aggregation = { kind: agg };
  }
  const threshold = Number(num);
  if (!Number.isFinite(threshold)) return { ok: false, error: `'${source}': '${num}' is not a finite number` };
  if (!isOperator(op)) return { ok: false, error: `'${source}': unknown operator '${op}'` };
  return { ok: true, value: { source, aggregation, operator: op, threshold } };
}

// The regex only lets these through; the guards make the types follow from the check instead of a cast.
const SIMPLE_AGGREGATIONS: ReadonlyArray<string> = ['count', 'rate', 'value', 'min', 'max', 'avg', 'med'] satisfies ReadonlyArray<
  Exclude<Aggregation['kind'], 'percentile'>
>;
const OPERATORS: ReadonlyArray<string> = ['<=', '>=', '===', '==', '!=', '<', '>'] satisfies ReadonlyArray<Operator>;

function isSimpleAggregation(s: string): s is Exclude<Aggregation['kind'], 'percentile'> {
  return SIMPLE_AGGREGATIONS.includes(s);
}

function isOperator(s: string): s is Operator {
  return OPERATORS.includes(s);
}

/** Which aggregations k6 allows per metric type. */
const ALLOWED: Record<MetricType, ReadonlyArray<Aggregation['kind']>> = {
  trend: ['avg', 'min', 'max', 'med', 'percentile'],
  rate: ['rate'],
  counter: ['count', 'rate'],
  gauge: ['value'],
};

export function aggregationFits(aggregation: Aggregation, type: MetricType): boolean {
  return ALLOWED[type].includes(aggregation.kind);
}

export function aggregationName(a: Aggregation): string {
  return a.kind === 'percentile' ? `p(${a.p})` : a.kind;
}

const SELECTOR = /^([A-Za-z_][A-Za-z0-9_]*)(?:\{([^{}]*)\})?$/;

export function parseSelector(source: string): ParseResult<Selector> {
  const m = SELECTOR.exec(source.trim());
  if (!m)
    return { ok: false, error: `'${source}' is not a metric selector (e.g. 'http_req_duration' or 'fir_step_duration{step:summary}')` };
  const [, metric = '', body] = m;
  const tags: Record<string, string> = {};
  if (body !== undefined) {
    for (const part of body.split(',')) {
      const idx = part.indexOf(':');
      const key = part.slice(0, idx).trim();
      const value = part.slice(idx + 1).trim();
      if (idx < 0 || key === '' || value === '')
        return { ok: false, error: `'${source}': tag filter '${part.trim()}' must be 'tag:value'` };
      if (key in tags) return { ok: false, error: `'${source}': tag '${key}' is filtered twice` };
      tags[key] = value;
    }
  }
  return { ok: true, value: { source, metric, tags } };
}

export function compare(observed: number, operator: Operator, threshold: number): boolean {
  switch (operator) {
    case '<':
      return observed < threshold;
    case '<=':
      return observed <= threshold;
    case '>':
      return observed > threshold;
    case '>=':
      return observed >= threshold;
    case '==':
    case '===':
      return observed === threshold;
    case '!=':
      return observed !== threshold;
  }
}
