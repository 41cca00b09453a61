/**
 * The committed JSON Schemas (orchestrator/schemas/*.schema.json) as generated from the TypeScript ones.
 * write-schemas.ts writes them; a unit test fails when the committed files differ, so editors and the
 * loader can never disagree.
 */
import { projectPath } from '../../paths.ts';
import { SCHEMAS } from './validate.ts';

export function schemaFiles(): Array<{ path: string; text: string }> {
  return Object.entries(SCHEMAS).map(([name, schema]) => ({
    path: projectPath('orchestrator', 'schemas', `${name}.schema.json`),
    text: `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema }, null, 2)}\n`,
  }));
}
