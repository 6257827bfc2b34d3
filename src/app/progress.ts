/** How far a corpus load has come: reported by the loader, rendered by src/app/progress-report.ts, read by /healthz. */
export interface LoadProgress { phase: 'scanning' | 'reading' | 'understanding' | 'indexing'; done: number; total: number; articles: number }
