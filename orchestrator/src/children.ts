/**
 * Every child process loadgate starts (k6, the lab, redis-server via the lab) is registered here, so that
 * an emergency exit (a second Ctrl-C) can still end each of them by PID and leave no orphan behind.
 * Only processes we started are ever signalled.
 */
const live = new Map<number, string>();

export function trackChild(pid: number | undefined, label: string): () => void {
  if (pid === undefined) return () => undefined;
  live.set(pid, label);
  return () => {
    live.delete(pid);
  };
}

export function liveChildren(): ReadonlyMap<number, string> {
  return live;
}

/** Sends SIGKILL to every tracked child (and its process group when it leads one). Synchronous on purpose. */
export function killAllChildren(): void {
  for (const pid of live.keys()) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Already gone, or not a group leader: nothing to do.
      }
    }
  }
  live.clear();
}
