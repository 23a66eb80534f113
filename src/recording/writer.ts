import { hashValue } from '../engine/hash';
import type { Lesson } from '../lessons/schema';
import { FORMAT_NAME, FORMAT_VERSION, headerSchema, lineSchema, type RecordingHeader, type RecordingLine } from './format';
import { formatLine } from './ndjson';

export interface HeaderInput {
  app: string;
  lesson: Lesson;
  seed: number;
  faults?: readonly string[];
  viewport: { width: number; height: number };
  /** Embed the lesson (user lessons: a built-in is found by id). */
  embedLesson?: boolean;
  createdAt?: string;
}

export function createHeader(input: HeaderInput): RecordingHeader {
  return headerSchema.parse({
    kind: 'header',
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    app: input.app,
    lessonId: input.lesson.id,
    lessonHash: hashValue(input.lesson),
    seed: input.seed,
    faults: [...(input.faults ?? [])],
    viewport: input.viewport,
    ...(input.embedLesson ? { lesson: input.lesson } : {}),
    ...(input.createdAt ? { createdAt: input.createdAt } : {}),
  });
}

/**
 * Writes a recording as it goes: every line goes to the sink at once (a file append in the CLI and
 * Electron, memory in the browser), so closing the app mid-recording loses nothing already said.
 * Lines are validated on the way in, so what is written always parses back.
 */
export class RecordingWriter {
  private lastW = 0;
  private closed = false;
  private count = 0;
  private inputs = 0;

  constructor(readonly header: RecordingHeader, private readonly sink: (text: string) => void) {
    sink(formatLine(header));
  }

  get lineCount(): number {
    return this.count;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Appends one line; wall offsets never go backwards (a late line is clamped to the last offset). */
  add(line: RecordingLine): RecordingLine {
    if (this.closed) throw new Error('the recording is closed');
    const parsed = lineSchema.parse({ ...line, w: Math.max(this.lastW, Math.round(line.w)) });
    this.lastW = parsed.w;
    this.count++;
    if (parsed.kind === 'input') this.inputs++;
    this.sink(formatLine(parsed));
    return parsed;
  }

  /**
   * Ends the file. Pass the state hash at `position` whenever the caller can compute it: with it
   * (and the input count the writer adds) verification covers every input; without it the
   * recording is only partly verifiable.
   */
  close(position: { t: number; e: number; w: number }, hash?: string): void {
    if (this.closed) return;
    this.add({ kind: 'end', ...position, ...(hash === undefined ? {} : { hash }), inputs: this.inputs });
    this.closed = true;
  }

  /** Input lines written so far. */
  get inputCount(): number {
    return this.inputs;
  }
}
