/** The snapshot's format and the shapes it is written from and read into (see ../snapshot.ts). */
import type { Article } from '../../corpus/types.ts';
import { type Place } from '../analysis-bytes.ts';

export const SNAPSHOT_FORMAT = 3;

/** An article and its analysis, as JSON bytes: a restart reads them from the snapshot file when an answer needs them. */
export interface SnapshotEntry {
  article: Article;
  /** Statements and local entities in its analysis; null when the article was not understood (a near-duplicate). */
  counts: AnalysisCounts | null;
  analysis: Place | null;
}

export type AnalysisCounts = [statements: number, entities: number];

export interface SnapshotKey {
  /** Hash of the code and models that shape the stored data. */
  version: string;
  /** Hash of the corpus files' paths, sizes and modification times. */
  corpus: string;
}

export interface SnapshotHeader extends SnapshotKey {
  format: number;
  articles: number;
  /** Lines of index state after the articles (0 when the engine exports none). */
  stateParts: number;
  createdAt: string;
}

/**
 * What a snapshot is written from: the engine's entries and, when it can export them, its derived indexes as a
 * list of plain-JSON parts (each written as one line, so that no part need hold a whole 200k-article index).
 * A part that is an object of one key, `{ name: value }`, is read back with its value parsed when first used.
 */
export interface SnapshotSource {
  entries(): SnapshotEntry[];
  exportIndexState?(): unknown[];
}

/** What a snapshot is restored into; an engine given its index state back skips rebuilding its indexes. */
export interface SnapshotTarget {
  restore(entries: SnapshotEntry[], indexState?: unknown[]): void;
}

export type SnapshotRead =
  | { ok: true; entries: SnapshotEntry[]; indexState?: unknown[]; bytes: number }
  | { ok: false; reason: string };
