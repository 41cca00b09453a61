/**
 * One k6 scenario split over N instances and run as one test — the coordinator k6 itself does not have. Every
 * instance starts paused; `setup()` runs once (on the first) and its data is handed to the rest; all are resumed
 * together and the resume moments recorded (the start skew); while they run they are polled; when every one has
 * ended, `teardown()` runs once, the lingering instances are ended, their files pulled and their directories
 * removed. An instance that dies (or whose connection drops) stops the others through their REST API: the run
 * ends with what reached disk, and the error names the generator and the moment.
 */
import type { K6Status } from './k6-rest.ts';
import { RemoteK6 } from './remote-k6.ts';

export interface CoordinateOptions {
  archive: string;
  env: NodeJS.ProcessEnv;
  /** Where instance i's files are pulled to. */
  localDir: (instance: RemoteK6, index: number) => string;
  /** Bound on start-up (ship + paused) per instance. */
  startTimeoutMs: number;
  /** Bound on the whole run after the resume. */
  runTimeoutMs: number;
  pollMs?: number;
  keepRemote?: boolean;
  signal?: AbortSignal;
  progress?: (line: string) => void;
  /** Called once every instance has been resumed: the test's clock starts here (the live board's row does). */
  onResumed?: () => void;
}

export interface InstanceOutcome {
  name: string;
  exitCode: number;
  /** Orchestrator clock, ms: just before and just after this instance's resume call. */
  resumeSentAt?: number;
  resumedAt?: number;
  endedAt?: number;
  cpuSeconds?: number;
  errors: string[];
  pulled: boolean;
}

export interface CoordinateResult {
  instances: InstanceOutcome[];
  /** Spread of the resume moments across instances (ms), when all were resumed. */
  startSkewMs?: number;
  setupRan: boolean;
  aborted: boolean;
  /** The test did not end within runTimeoutMs and every instance was stopped. */
  timedOut?: boolean;
  /** The first failure that stopped the run early (instance, moment, what), if one did. */
  failure?: string;
}

/**
 * An instance counts as lost after this many failed status polls in a row spanning at least LOST_AFTER_MS (a
 * forward can drop a call; fast polling must not make a short hiccup a lost generator).
 */
const LOST_AFTER_FAILED_POLLS = 3;
const LOST_AFTER_MS = 3_000;

/** A pause that an abort ends early; its listener goes with it (one poll a second must not pile them up). */
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    const t = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function coordinate(instances: readonly RemoteK6[], o: CoordinateOptions): Promise<CoordinateResult> {
  const outcomes: InstanceOutcome[] = instances.map((i) => ({ name: i.name, exitCode: 255, errors: [], pulled: false }));
  const result: CoordinateResult = { instances: outcomes, setupRan: false, aborted: false };
  const say = o.progress ?? (() => undefined);
  const apiOf = (i: number) => {
    const api = instances[i]?.api;
    if (api === undefined) throw new Error(`instance ${i} has no API`);
    return api;
  };
  try {
    const started = await Promise.allSettled(instances.map((inst) => inst.start(o.archive, o.env, o.startTimeoutMs)));
    started.forEach((s, i) => {
      if (s.status === 'rejected') outcomes[i]?.errors.push(message(s.reason));
    });
    const failedStart = outcomes.find((x) => x.errors.length > 0);
    if (failedStart !== undefined) {
      result.failure = `${failedStart.name}: ${failedStart.errors[0] ?? ''}`;
      return result;
    }
    if (o.signal?.aborted) return { ...result, aborted: true };

    const data = await apiOf(0).runSetup();
    await Promise.all(instances.slice(1).map((_, i) => apiOf(i + 1).putSetup(data)));
    result.setupRan = true;

    await Promise.all(
      instances.map(async (_, i) => {
        const out = outcomes[i];
        if (out === undefined) return;
        out.resumeSentAt = Date.now();
        await apiOf(i).resume();
        out.resumedAt = Date.now();
      }),
    );
    const sent = outcomes.map((x) => x.resumeSentAt ?? 0);
    result.startSkewMs = Math.max(...sent) - Math.min(...sent);
    say(`k6 on ${instances.length} generators: resumed (start skew ${result.startSkewMs} ms)`);
    o.onResumed?.();

    await watch(instances, outcomes, result, o);
    if (result.failure === undefined && !result.aborted) {
      await apiOf(0)
        .runTeardown()
        .catch((err: unknown) => outcomes[0]?.errors.push(`teardown(): ${message(err)}`));
    }
    return result;
  } catch (err) {
    result.failure ??= message(err);
    return result;
  } finally {
    await finish(instances, outcomes, o);
  }
}

/** Polls every instance until all have ended, one is lost, the time is up or the run is aborted. */
async function watch(
  instances: readonly RemoteK6[],
  outcomes: InstanceOutcome[],
  result: CoordinateResult,
  o: CoordinateOptions,
): Promise<void> {
  const failedPolls = instances.map(() => 0);
  const lastAnswer = instances.map(() => Date.now());
  const deadline = Date.now() + o.runTimeoutMs;
  const stopAll = async (why: string): Promise<void> => {
    result.failure ??= why;
    await Promise.allSettled(instances.map((i) => i.api?.stop() ?? Promise.resolve()));
  };
  for (;;) {
    if (o.signal?.aborted) {
      result.aborted = true;
      await stopAll('aborted');
      return;
    }
    const polls = await Promise.all(
      instances.map(async (inst, i): Promise<K6Status | 'exited' | 'lost' | undefined> => {
        if (inst.exitCode !== undefined) return 'exited';
        try {
          const s = await inst.api?.status();
          failedPolls[i] = 0;
          lastAnswer[i] = Date.now();
          return s;
        } catch {
          failedPolls[i] = (failedPolls[i] ?? 0) + 1;
          const silentMs = Date.now() - (lastAnswer[i] ?? 0);
          return (failedPolls[i] ?? 0) >= LOST_AFTER_FAILED_POLLS && silentMs >= LOST_AFTER_MS ? 'lost' : undefined;
        }
      }),
    );
    const now = new Date().toISOString();
    for (const [i, p] of polls.entries()) {
      const out = outcomes[i];
      if (out === undefined) continue;
      if (p === 'exited' && out.endedAt === undefined) {
        out.errors.push(`k6 on ${out.name} exited ${instances[i]?.exitCode ?? '?'} at ${now}, before the test ended`);
        await stopAll(`${out.name}: k6 exited ${instances[i]?.exitCode ?? '?'} at ${now}; the other generators were stopped`);
        return;
      }
      if (p === 'lost') {
        out.errors.push(`${out.name} stopped answering at ${now} (its ssh connection or k6 is gone)`);
        await stopAll(`${out.name}: lost at ${now}; the other generators were stopped`);
        return;
      }
      if (typeof p === 'object' && p.status >= 9 && out.endedAt === undefined) out.endedAt = Date.now();
    }
    const running = polls.filter((p): p is K6Status => typeof p === 'object' && p.status < 9);
    if (outcomes.every((x) => x.endedAt !== undefined)) return;
    if (Date.now() > deadline) {
      result.timedOut = true;
      await stopAll(`the test did not end within ${Math.round(o.runTimeoutMs / 1000)} s; every generator was stopped`);
      return;
    }
    if (running.length > 0) o.progress?.(`k6 on ${instances.length} generators: ${running.reduce((a, s) => a + s.vus, 0)} VUs running`);
    await sleep(o.pollMs ?? 1000, o.signal);
  }
}

/** Ends every instance, pulls its files, has its remote directory removed; records what went wrong, never throws. */
async function finish(instances: readonly RemoteK6[], outcomes: InstanceOutcome[], o: CoordinateOptions): Promise<void> {
  const started = Date.now();
  await Promise.all(
    instances.map(async (inst, i) => {
      const out = outcomes[i];
      if (out === undefined) return;
      out.exitCode = await inst.end();
      try {
        await inst.pull(o.localDir(inst, i));
        out.pulled = true;
        const cpu = await RemoteK6.cpuSecondsPulled(o.localDir(inst, i));
        if (cpu !== undefined) out.cpuSeconds = cpu;
      } catch (err) {
        out.errors.push(message(err));
      }
      // Removed off the critical path: the next scenario need not wait for it; the generator's close does.
      if (o.keepRemote !== true) inst.spec.host.defer(inst.removeRemote());
    }),
  );
  // What distribution costs after the load: the bench reads this line (bench/sections/distributed.ts).
  o.progress?.(`k6 on ${instances.length} generators: ended and pulled in ${Date.now() - started} ms`);
}
