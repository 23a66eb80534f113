import type { Engine } from '../engine';
import type { Lesson } from '../lessons/schema';
import type { SimState } from '../model/state';
import type { MarkerLine, Recording, RecordingLine } from './format';
import { applyInput, moveToEvent, startSimulation } from './replay';

/**
 * Editing without re-recording. Every edit returns a NEW recording (save it as a new file) and
 * keeps it verifiable: inputs are never reordered or moved in simulated time, markers keep the
 * position they were taken at, and a marker added or moved gets its hash from a re-simulation.
 */

/**
 * Keeps the part of the playback between wall offsets `fromMs` and `toMs`. Inputs before the
 * window are kept (the state at the window's start depends on them) but moved to its start, so
 * playback opens on the state the session showed at `fromMs`; lines after the window go.
 */
export function trimRecording(recording: Recording, fromMs: number, toMs = Number.POSITIVE_INFINITY): Recording {
  if (!(fromMs >= 0) || !(toMs >= fromMs)) throw new Error(`trim: expected 0 ≤ start ≤ end, got ${fromMs} ms to ${toMs} ms`);
  const inputsBefore: RecordingLine[] = [];
  const kept: RecordingLine[] = [];
  let lastBefore: RecordingLine | null = null;
  for (const line of recording.lines) {
    if (line.kind === 'end') continue;
    if (line.w < fromMs) {
      if (line.kind === 'input') inputsBefore.push({ ...line, w: 0 });
      lastBefore = line;
    } else if (line.w <= toMs) kept.push({ ...line, w: line.w - fromMs });
  }
  const start: RecordingLine[] = lastBefore ? [{ kind: 'nav', op: 'seek', t: lastBefore.t, e: lastBefore.e, w: 0, playing: false }] : [];
  const lines = [...inputsBefore, ...start, ...kept];
  const last = lines[lines.length - 1];
  if (last) lines.push({ kind: 'end', t: last.t, e: last.e, w: last.w });
  return { header: recording.header, lines };
}

/** Chapters in timeline order, with their line index (for rename/remove/move). */
export function listChapters(recording: Recording): Array<{ lineIndex: number; marker: MarkerLine }> {
  const out: Array<{ lineIndex: number; marker: MarkerLine }> = [];
  recording.lines.forEach((line, lineIndex) => {
    if (line.kind === 'marker' && line.chapter) out.push({ lineIndex, marker: line });
  });
  return out;
}

function chapterAt(recording: Recording, index: number): { lineIndex: number; marker: MarkerLine } {
  const chapter = listChapters(recording)[index];
  if (!chapter) throw new Error(`no chapter ${index + 1} (the recording has ${listChapters(recording).length})`);
  return chapter;
}

export function renameChapter(recording: Recording, index: number, label: string, narration?: string): Recording {
  const { lineIndex, marker } = chapterAt(recording, index);
  const lines = recording.lines.slice();
  lines[lineIndex] = { ...marker, label, ...(narration !== undefined ? { narration } : {}) };
  return { header: recording.header, lines };
}

export function removeChapter(recording: Recording, index: number): Recording {
  const { lineIndex } = chapterAt(recording, index);
  return { header: recording.header, lines: recording.lines.filter((_, i) => i !== lineIndex) };
}

/**
 * Adds a chapter at wall offset `atMs`. It takes the position of the session at that moment (the
 * last line before it) and its state hash is computed by re-simulating, so the file still verifies.
 */
export function addChapter(recording: Recording, lesson: Lesson, atMs: number, label: string, narration = ''): Recording {
  const lines = recording.lines.slice();
  let insertAt = lines.findIndex((l) => l.w > atMs || l.kind === 'end');
  if (insertAt < 0) insertAt = lines.length;
  const before = lines[insertAt - 1];
  const position = before ? { t: before.t, e: before.e } : { t: 0, e: 0 };
  const marker: MarkerLine = { kind: 'marker', ...position, w: Math.max(atMs, before?.w ?? 0), label, narration, chapter: true };
  lines.splice(insertAt, 0, marker);
  const edited = { header: recording.header, lines };
  return fillMarkerHash(edited, lesson, insertAt);
}

/**
 * Moves a chapter to another point of the timeline (this is how chapters are reordered: chapters
 * are listed in timeline order, because a simulation only runs forward in time).
 */
export function moveChapter(recording: Recording, lesson: Lesson, index: number, toMs: number): Recording {
  const { marker } = chapterAt(recording, index);
  return addChapter(removeChapter(recording, index), lesson, toMs, marker.label, marker.narration);
}

/** Re-simulates up to line `lineIndex` (a marker) and stores the state hash there. */
function fillMarkerHash(recording: Recording, lesson: Lesson, lineIndex: number): Recording {
  const engine: Engine<SimState> = startSimulation(recording, lesson);
  for (let i = 0; i < lineIndex; i++) {
    const line = recording.lines[i]!;
    if (line.kind !== 'input') continue;
    const applied = applyInput(engine, line);
    if (!applied.ok) throw new Error(`recording line ${i + 2}: ${applied.message}`);
  }
  const marker = recording.lines[lineIndex] as MarkerLine;
  moveToEvent(engine, marker.e);
  const lines = recording.lines.slice();
  lines[lineIndex] = { ...marker, hash: engine.hash() };
  return { header: recording.header, lines };
}
