/**
 * Index snapshots: the understood corpus written to disk, so that a restart answers in seconds instead of
 * analysing every article again.
 *
 * A snapshot is trusted only when its key matches: the snapshot format, the version of the code that made it (a
 * hash of the sources and models of corpus, understanding and index, and of package.json), and the corpus
 * fingerprint (every article file's path, size and modification time, as the loader would list them). Anything else
 * (older code, an edited or added file, a truncated or corrupt snapshot) is reported with the reason and rebuilt.
 *
 * Format: JSON lines. Line 1 is the header (key, article count); then one line per stored article,
 * `[article, [statements, entities]|null]<TAB>analysis|null`: a restart parses the articles and leaves each analysis
 * in the file, read at its offset when an answer needs it; then, when the engine can export it, its derived index
 * state (search index, entity resolution, entity table) as named parts, `"name"<TAB>value`, each likewise read from
 * the file when it is used (binary parts, the search postings, as base64 decoded a few megabytes at a time); last, a
 * trailer holding the CRC-32 of every line before it, so that what is read late was checked early. Memory holds one
 * chunk of the file while reading, and afterwards neither the analyses nor the parts' text.
 */
export { codeVersion, corpusFingerprint, snapshotKey } from './snapshot/key.ts';
export { crc32InJs } from './snapshot/crc32.ts';
export { openCorpus, type OpenCorpusOptions, type OpenCorpusResult } from './snapshot/open-with-snapshot.ts';
export { partNamed, readBytesPart, readSnapshot } from './snapshot/read.ts';
export {
  SNAPSHOT_FORMAT,
  type AnalysisCounts,
  type SnapshotEntry,
  type SnapshotKey,
  type SnapshotRead,
  type SnapshotSource,
  type SnapshotTarget,
} from './snapshot/types.ts';
export { Base64Bytes, saveSnapshot } from './snapshot/write.ts';
