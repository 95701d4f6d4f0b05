/**
 * A server's processes as Linux /proc shows them: the benchmarks sum memory and CPU over a
 * clustered server (SILKGATE_WORKERS), and the cluster test finds its workers. Children are found
 * by parent pid in /proc/<n>/stat (/proc/<pid>/task/<tid>/children is not on every kernel).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat after the command name (field 3 of proc(5) first), or undefined once the process is gone. */
function statFields(pid: number): { command: string; fields: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const end = stat.lastIndexOf(')');
    return { command: stat.slice(stat.indexOf('(') + 1, end), fields: stat.slice(end + 2).split(' ') };
  } catch {
    return undefined;
  }
}

/** Live (not zombie) children of pid. */
export function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => {
      const fields = statFields(child)?.fields;
      return fields !== undefined && Number(fields[1]) === pid && fields[0] !== 'Z';
    });
}

/**
 * Live children of pid running the same command: the cluster workers of a server started as
 * `node …`, not the esbuild helpers that tsx starts beside them.
 */
export function workerPids(pid: number): number[] {
  const command = statFields(pid)?.command;
  return childPids(pid).filter((child) => statFields(child)?.command === command);
}

/** pid and its workers. */
export function serverPids(pid: number): number[] {
  return [pid, ...workerPids(pid)];
}

/** True while the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  const state = statFields(pid)?.fields[0];
  return state !== undefined && state !== 'Z';
}

/** User + system CPU time of one process so far, in seconds (0 once it is gone). */
export function cpuSecondsOf(pid: number): number {
  const fields = statFields(pid)?.fields;
  // utime and stime are fields 14 and 15 of proc(5), counted in clock ticks (100 per second on Linux).
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : 0;
}

/** Peak resident set size (VmHWM) of one process, in KiB (0 once it is gone). */
export function peakRssKiBOf(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
