export type VideoFormat = 'webm' | 'mp4';

export interface EncodeInputs {
  fps: number;
  format: VideoFormat;
  /** WebM only: VP9 (default) or VP8. */
  codec: 'vp9' | 'vp8';
  /** FFMETADATA file with the title and chapters. */
  metadataFile?: string;
  /** WebVTT file embedded as the subtitle track (webvtt in WebM, mov_text in MP4). */
  subtitlesFile?: string;
  output: string;
}

/**
 * Encoder settings, chosen by measurement on the 2-core machine (docs/benchmarks.md, export):
 * - VP9: libvpx's realtime deadline at its fastest speed (`-cpu-used 8`) with row multithreading.
 *   The picture is flat UI (solid panels, text), which VP9 codes well even at that speed;
 *   constant quality (`-crf 32 -b:v 0`) keeps text sharp without a bitrate guess per size.
 * - VP8: realtime at `-cpu-used 16` (its fastest), same constant quality idea (`-crf 10 -b:v 4M`: VP8
 *   needs a bitrate ceiling with crf).
 * - H.264: libx264 `-preset veryfast -tune stillimage -crf 23`: what every player and LMS takes;
 *   `veryfast` costs little over `ultrafast` here and gives far smaller files for flat pictures;
 *   `stillimage` (a training video is mostly still UI and text) was both faster than `animation`
 *   (1.4 vs 2.2 CPU s for the 720p hello-host video) and smaller (308 vs 346 KB), text as sharp;
 *   yuv420p (the only chroma every player decodes) and +faststart (the index first, for streaming).
 * - Keyframes every 2 s (`-g`), so a player seeks quickly; BT.709 colour, tagged.
 * Frames arrive on stdin as a variable-frame-rate Matroska stream of PNGs (matroska-stream.ts):
 * only frames whose picture changed, each stamped with its slot's time (frame i at i / fps, from the
 * frame index, never the wall clock). The `fps` filter, after the conversion to BT.709 4:2:0, puts
 * the output back on the constant rate by repeating each picture until the next, so a still scene
 * costs the encoder an unchanged frame (cheap) and nothing else. The stream ends with the last
 * picture once more one slot past the end (frame-intake.ts): `fps` fills every slot before that
 * one and, with its default end-of-stream rounding, not that one, so the video has exactly its
 * frame count. (`-frames:v` would also cap it, but then ffmpeg 5.1 writes no subtitle packets.)
 */
export function ffmpegArgs(inputs: EncodeInputs): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'matroska', '-i', 'pipe:0'];
  let next = 1;
  const metadata = inputs.metadataFile ? next++ : -1;
  if (inputs.metadataFile) args.push('-f', 'ffmetadata', '-i', inputs.metadataFile);
  const subtitles = inputs.subtitlesFile ? next++ : -1;
  if (inputs.subtitlesFile) args.push('-f', 'webvtt', '-i', inputs.subtitlesFile);
  args.push('-map', '0:v:0');
  if (subtitles >= 0) args.push('-map', `${subtitles}:s:0`, '-metadata:s:s:0', 'language=eng', '-metadata:s:s:0', 'title=Narration');
  if (metadata >= 0) args.push('-map_metadata', String(metadata), '-map_chapters', String(metadata));
  const gop = String(Math.max(1, Math.round(inputs.fps * 2)));
  args.push('-vf', `scale=out_color_matrix=bt709:flags=bicubic,format=yuv420p,fps=${inputs.fps}`, '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-g', gop);
  if (inputs.format === 'mp4') {
    args.push('-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-crf', '23', '-threads', '2');
    if (subtitles >= 0) args.push('-c:s', 'mov_text');
    args.push('-movflags', '+faststart', '-f', 'mp4');
  } else {
    if (inputs.codec === 'vp8') args.push('-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-crf', '10', '-b:v', '4M', '-threads', '2');
    else args.push('-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', '-crf', '32', '-b:v', '0', '-threads', '2');
    if (subtitles >= 0) args.push('-c:s', 'webvtt');
    args.push('-f', 'webm');
  }
  args.push(inputs.output);
  return args;
}
