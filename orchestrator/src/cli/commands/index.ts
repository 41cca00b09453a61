/**
 * The command registry: one line per command, in the order `loadgate help` lists them.
 */
import type { Command } from '../command.ts';
import { doctor } from './doctor.ts';

export const commands: readonly Command[] = [doctor];
