/** Scheduled digests: briefing files and chat schedules, exactly-once delivery, follows, the corpus watcher. */
export { startScheduler, chatScheduleSpec, type Scheduler, type SchedulerOptions } from './scheduler.ts';
export { consoleTarget } from './console-target.ts';
export { loadBriefingFiles, parseBriefingFile, parseWindow, BriefingFileError } from './briefing-files.ts';
export { cronProblem, isTimeZone, nextSlot, slotsBetween, toCron } from './cron.ts';
export { deliverSlot, deliveryKey, type SlotOutcome, type UncertainSendPolicy } from './deliver.ts';
export { CorpusIngestor, watchCorpus, type LoadFile } from './corpus-watch.ts';
export * from './types.ts';
export { parseScheduleText, type ParsedScheduleText } from './schedule-text.ts';
