#!/usr/bin/env node
// The `loadgate` executable. The orchestrator is TypeScript run through tsx's ESM loader (no build step,
// no reliance on Node's experimental type stripping); this shim registers the loader and hands over.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
