import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FFMPEG, FFPROBE, requireTools } from '../test-support/require-tool';
import { ffmpegArgs } from './ffmpeg-args';
import { MatroskaFrames } from './matroska-stream';

const haveTools = requireTools('Matroska frame stream tests', [FFMPEG, FFPROBE]);

/** A 16×16 PNG of one colour, made by ffmpeg itself. */
const png = (color: string): Buffer => execFileSync(FFMPEG.path, ['-v', 'error', '-f', 'lavfi', '-i', `color=${color}:s=16x16`, '-frames:v', '1', '-c:v', 'png', '-f', 'image2pipe', '-']);

function stream(frames: ReadonlyArray<[number, Buffer]>): Buffer {
  const mkv = new MatroskaFrames(16, 16);
  return Buffer.concat(frames.flatMap(([ms, image]) => mkv.frame(ms, image)));
}

describe.skipIf(!haveTools)('Matroska PNG frame stream (ffmpeg reads it)', () => {
  it('carries each frame at its own timestamp, across clusters', () => {
    const red = png('red');
    const blue = png('blue');
    // 70 s apart: the second and third frames fall in clusters of their own (16-bit block offsets).
    const input = stream([[0, red], [100, blue], [40_000, red], [70_033, blue]]);
    const csv = execFileSync(FFPROBE.path, ['-v', 'error', '-f', 'matroska', '-i', '-', '-show_entries', 'frame=pts_time,width', '-of', 'csv=p=0'], { input, encoding: 'utf8' });
    expect(csv.trim().split('\n')).toEqual(['0.000000,16', '0.100000,16', '40.000000,16', '70.033000,16']);
  });

  it('becomes a constant-rate video, each slot showing the last picture, through the export filter chain', () => {
    const red = png('red');
    const blue = png('blue');
    // 10 fps, 10 frames: frame 0 red, 1–3 repeat it, 4 blue, 5–9 repeat it; blue again at 1 s,
    // one slot past the end, marks where the last frame ends (as the frame intake sends it).
    const input = stream([[0, red], [400, blue], [1000, blue]]);
    const args = ffmpegArgs({ fps: 10, format: 'webm', codec: 'vp9', output: 'out.webm' });
    const filter = args[args.indexOf('-vf') + 1] as string;
    expect(args.slice(args.indexOf('-f'), args.indexOf('-i') + 2)).toEqual(['-f', 'matroska', '-i', 'pipe:0']);
    // The export's input and filter chain, decoded frames hashed instead of encoded.
    const hashes = execFileSync(FFMPEG.path, ['-v', 'error', '-f', 'matroska', '-i', 'pipe:0', '-vf', filter, '-f', 'framemd5', '-'], { input, encoding: 'utf8' })
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(',').pop()?.trim());
    expect(hashes).toHaveLength(10);
    expect(new Set(hashes.slice(0, 4)).size).toBe(1);
    expect(new Set(hashes.slice(4)).size).toBe(1);
    expect(hashes[0]).not.toBe(hashes[4]);
  });

  it('refuses frames out of order', () => {
    const mkv = new MatroskaFrames(16, 16);
    mkv.frame(10, Buffer.from('x'));
    expect(() => mkv.frame(10, Buffer.from('y'))).toThrow(/matroska: frame at 10 ms after one at 10 ms/);
  });
});
