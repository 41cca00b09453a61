/**
 * The command registry: one line per command, in the order `loadgate help` lists them.
 */
import type { Command } from '../command.ts';
import { run } from './run.ts';
import { doctor } from './doctor.ts';
import { validate } from './validate.ts';
import { plan } from './plan.ts';
import { report } from './report.ts';
import { compare } from './compare.ts';
import { lab } from './lab.ts';
import { exportCommand } from './export.ts';
import { verdictCommand } from './verdict.ts';

export const commands: readonly Command[] = [run, validate, plan, doctor, report, compare, lab, exportCommand, verdictCommand];
