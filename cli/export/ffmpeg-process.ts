import { spawn, type ChildProcess } from 'node:child_process';

export const FFMPEG_PATH = process.env.ISOLAB_FFMPEG ?? '/usr/bin/ffmpeg';

/**
 * One ffmpeg child taking its input on stdin. `write` resolves when the pipe has taken the frame
 * (Node's own buffer drained), which is what holds the page back when the encoder is busy.
 * `finish` closes stdin and waits for ffmpeg to write the file; `kill` stops it for a cancel.
 */
export class FfmpegProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';
  private error: Error | null = null;

  constructor(args: readonly string[]) {
    this.child = spawn(FFMPEG_PATH, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      // Only the tail matters for a message; ffmpeg is quiet at -loglevel error.
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.child.stdin?.on('error', (error) => void (this.error ??= error));
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.error ??= error;
        resolve({ code: null, signal: null });
      });
      this.child.on('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  write(bytes: Buffer): Promise<void> {
    const stdin = this.child.stdin;
    if (this.error || !stdin || stdin.destroyed) return Promise.reject(this.failure('ffmpeg stopped taking frames'));
    return new Promise((resolve, reject) => {
      stdin.write(bytes, (error) => (error ? reject(this.failure(`ffmpeg stopped taking frames (${error.message})`)) : resolve()));
    });
  }

  /** Ends the input and waits for the file; throws with ffmpeg's own message when it fails. */
  async finish(): Promise<void> {
    this.child.stdin?.end();
    const { code, signal } = await this.exited;
    if (code !== 0) throw this.failure(`ffmpeg failed (${signal ?? `exit ${code}`})`);
  }

  /** ffmpeg's own complaint when it has already stopped with an error (null while it runs or after success). */
  get exitError(): Error | null {
    const { exitCode, signalCode } = this.child;
    if (exitCode === null && signalCode === null) return null;
    return exitCode === 0 ? null : this.failure(`ffmpeg failed (${signalCode ?? `exit ${exitCode}`})`);
  }

  async kill(): Promise<void> {
    this.child.stdin?.destroy();
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private failure(what: string): Error {
    const detail = this.stderr.trim().split('\n').slice(-3).join(' / ');
    return new Error(detail ? `${what}: ${detail}` : this.error ? `${what}: ${this.error.message}` : what);
  }
}
