/** Process and machine figures from /proc (Linux): CPU seconds, resident memory, machine-wide CPU use. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const TICK_S = 0.01; // USER_HZ = 100 on Linux

/** utime + stime of a process, in seconds (NaN when it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_S;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size in MB (NaN when it is gone). */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total CPU seconds of the whole machine, all cores (every process, ours and others'). */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line as [number, number, number, number, number, number, number, number];
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy * TICK_S, total: (busy + idle + iowait) * TICK_S };
}

export const cores = (): number => cpus().length;

/** The 1/5/15-minute load averages, rounded, as `uptime` prints them. */
export const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * CPU of a changing set of processes (e.g. the database backends of one database): sampled periodically,
 * each process counted from its first to its last sample (a process that exits between samples loses at
 * most one interval).
 */
export class CpuTally {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  sample(pids: readonly number[]): void {
    for (const pid of pids) {
      const s = cpuSeconds(pid);
      if (Number.isNaN(s)) continue;
      if (!this.first.has(pid)) this.first.set(pid, s);
      this.last.set(pid, s);
    }
  }

  get seconds(): number {
    let total = 0;
    for (const [pid, s] of this.last) total += s - this.first.get(pid)!;
    return total;
  }
}
