import type { LabApi, OpenedFile } from '../../src/protocol/lab-api';
import { MAX_LESSON_BYTES } from '../../src/lessons/load';
import { h } from './dom';

/** Recordings are NDJSON; everything else is read as a lesson (and validated as one). */
export const RECORDING_FILE = /\.(ndjson|jsonl)$/i;
const MAX_RECORDING_BYTES = 256 * 1024 * 1024;

/**
 * Reads a File the user chose or dropped, within the size limit for its kind. Problems are
 * reported as `<file>: $: <problem>` through onError; the current lesson is never touched.
 */
export function readLocalFile(file: File, onFile: (file: OpenedFile) => void, onError: (file: string, message: string) => void): void {
  const recording = RECORDING_FILE.test(file.name);
  const limit = recording ? MAX_RECORDING_BYTES : MAX_LESSON_BYTES;
  if (file.size > limit) {
    onError(file.name, `file is ${file.size} bytes; ${recording ? 'recordings' : 'lessons'} are limited to ${limit} bytes`);
    return;
  }
  file.text().then(
    (text) => onFile({ path: file.name, name: file.name, text }),
    (error: unknown) => onError(file.name, `could not read the file (${String(error)})`),
  );
}

/**
 * Opening a lesson or recording file: Electron's native dialog through window.lab, otherwise a
 * hidden <input type=file>. Either way the file goes to `onFile`, the same path as a dropped file
 * and File › Open… (recordings to the player, lessons to the shell).
 */
export function createFileOpener(lab: LabApi, onFile: (file: OpenedFile) => void, onError: (file: string, message: string) => void): { open(): void } {
  const input = h('input', {
    type: 'file',
    accept: '.json,.ndjson,.jsonl,application/json,application/x-ndjson',
    class: 'visually-hidden',
    'aria-label': 'Lesson or recording file',
    'data-testid': 'lesson-file-input',
    tabindex: -1,
    // A stand-in for the Open buttons, which are what keyboard and screen-reader users meet.
    'aria-hidden': 'true',
  });
  document.body.append(input);
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (file) readLocalFile(file, onFile, onError);
  });
  return {
    open() {
      if (lab.platform === 'electron') {
        lab.openFileDialog().then(
          (file) => file && onFile(file),
          (error: unknown) => onError('Open…', String(error)),
        );
      } else {
        input.click();
      }
    },
  };
}
