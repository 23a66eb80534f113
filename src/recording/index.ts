export * from './format';
export { parseRecording, formatLine, formatRecording, type ParseResult } from './ndjson';
export { createHeader, RecordingWriter, type HeaderInput } from './writer';
export { replayRecording, resolveRecordingLesson, applyInput, moveToEvent, startSimulation, type ReplayResult, type Mismatch, type LessonResolver } from './replay';
export { PlaybackTimeline, DEFAULT_IDLE_CAP_MS, type PlaybackPoint, type ChapterEntry } from './timeline';
export { RecordingPlayer, type PlayerMove } from './player';
export { trimRecording, listChapters, renameChapter, removeChapter, addChapter, moveChapter } from './edit';
export { recordScriptedRun, type ScriptedRunOptions } from './scripted';
