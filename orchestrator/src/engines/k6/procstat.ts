/**
 * CPU time of a running process from /proc/<pid>/stat (utime + stime), sampled while k6 runs so the
 * verdict can tell a saturated load generator from a slow target. Linux only; elsewhere: undefined.
 */
import { readFile } from 'node:fs/promises';

/** USER_HZ: the unit of utime/stime. 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Parses a /proc/<pid>/stat line: the fields after the `)` closing the command name. */
export function cpuSecondsFromStat(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After `)`: state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

export async function readCpuSeconds(pid: number): Promise<number | undefined> {
  try {
    return cpuSecondsFromStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}
