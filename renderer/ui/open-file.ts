import type { LabApi, OpenedFile } from '../../src/protocol/lab-api';
import { MAX_LESSON_BYTES } from '../../src/lessons/load';
import { h } from './dom';

/**
 * Opening a lesson file: Electron's native dialog through window.lab, otherwise a hidden
 * <input type=file>. Either way the caller gets the file's name and text.
 */
export function createFileOpener(lab: LabApi, onFile: (file: OpenedFile) => void, onError: (file: string, message: string) => void): { open(): void } {
  const input = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', 'aria-label': 'Lesson file', 'data-testid': 'lesson-file-input', tabindex: -1 });
  document.body.append(input);
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_LESSON_BYTES) {
      onError(file.name, `file is ${file.size} bytes; lessons are limited to ${MAX_LESSON_BYTES} bytes`);
      return;
    }
    file.text().then(
      (text) => onFile({ path: file.name, name: file.name, text }),
      (error: unknown) => onError(file.name, `could not read the file (${String(error)})`),
    );
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
