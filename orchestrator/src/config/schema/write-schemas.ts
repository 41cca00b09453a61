/**
 * Writes orchestrator/schemas/{inventory,thresholds,profiles}.schema.json from the TypeScript schemas.
 * Run after changing a schema: `npx tsx orchestrator/src/config/schema/write-schemas.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { schemaFiles } from './emit.ts';

for (const f of schemaFiles()) {
  await writeFile(f.path, f.text);
  process.stdout.write(`wrote ${f.path}\n`);
}
