/** How far a corpus load has come, by phase: what a progress bar, a log line or /healthz shows. */
export interface LoadProgress {
  phase: 'scanning' | 'reading' | 'understanding' | 'indexing';
  done: number;
  total: number;
  articles: number;
}

/** Least time between two reports of one phase; a phase's end is always reported. */
export const PROGRESS_INTERVAL_MS = 200;

/** Reports progress at most every PROGRESS_INTERVAL_MS, and always when a phase ends (done === total). */
export function throttledProgress(
  onProgress: ((p: LoadProgress) => void) | undefined,
  now: () => number = Date.now,
): (p: LoadProgress) => void {
  let last = -Infinity;
  let lastPhase: LoadProgress['phase'] | null = null;
  return (p) => {
    if (!onProgress) return;
    const t = now();
    if (p.done < p.total && p.phase === lastPhase && t - last < PROGRESS_INTERVAL_MS) return;
    last = t;
    lastPhase = p.phase;
    onProgress(p);
  };
}
