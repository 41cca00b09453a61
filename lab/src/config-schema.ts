/**
 * The shape of a lab config document (the `--config` file, a control `PUT /config` body), checked by ajv like
 * the orchestrator's configuration. The lab answers a bad document with one line, so the first problem is
 * reported, located as `<where>.<field>`; each schema says in `errorText` how its field went wrong. Faults
 * are only checked to be a list here: each one is parsed by parseFault, the parser POST /faults uses too.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { BadInput } from './errors.ts';
import { isRecord } from './is-record.ts';

/** A document that passed the schema: every model setting a number >= 0, no unknown key anywhere. */
export interface ConfigDocument {
  timeScale?: number;
  quirks?: boolean;
  seed?: number;
  autobot?: Record<string, number>;
  afirgen?: Record<string, number>;
  faults?: unknown[];
}

/** The settings of each model, as the defaults name them (config.ts). */
export interface ModelSettings {
  autobot: readonly string[];
  afirgen: readonly string[];
}

const NON_NEGATIVE = { type: 'number', minimum: 0, errorText: 'must be a number >= 0' } as const;

function modelSchema(settings: readonly string[]): object {
  return {
    type: 'object',
    errorText: 'must be an object',
    properties: Object.fromEntries(settings.map((s) => [s, NON_NEGATIVE])),
    additionalProperties: false,
  };
}

export function configDocumentSchema(models: ModelSettings): object {
  return {
    type: 'object',
    errorText: 'must be a JSON object',
    properties: {
      timeScale: NON_NEGATIVE,
      quirks: { type: 'boolean', errorText: 'must be true or false' },
      seed: { type: 'integer', errorText: 'must be an integer' },
      autobot: modelSchema(models.autobot),
      afirgen: modelSchema(models.afirgen),
      faults: { type: 'array', errorText: 'must be a list' },
    },
    additionalProperties: false,
  };
}

/** `where` plus the error's place in the document, e.g. `lab.json.afirgen.summaryMs`. */
function located(where: string, e: ErrorObject): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)
    .join('');
  if (e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string') {
    return `${where}${path}.${e.params['additionalProperty']}: unknown setting`;
  }
  const parent: unknown = e.parentSchema;
  const text = isRecord(parent) ? parent['errorText'] : undefined;
  return `${where}${path}: ${typeof text === 'string' ? text : (e.message ?? 'is not valid')}`;
}

/** Compiles the schema once; the returned check throws BadInput naming the first problem's field. */
export function configDocumentCheck(models: ModelSettings): (doc: unknown, where: string) => ConfigDocument {
  const ajv = new Ajv({ strict: true, allErrors: false, verbose: true });
  ajv.addVocabulary(['errorText']);
  const validate = ajv.compile<ConfigDocument>(configDocumentSchema(models));
  return (doc, where) => {
    if (validate(doc)) return doc;
    const first = validate.errors?.[0];
    throw new BadInput(first ? located(where, first) : `${where}: is not a lab config document`);
  };
}
