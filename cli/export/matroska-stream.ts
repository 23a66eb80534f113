/**
 * The smallest Matroska stream ffmpeg reads as variable-frame-rate PNG input: one video track
 * ("V_MS/VFW/FOURCC" with the MPNG tag, how ffmpeg itself stores PNG in Matroska) and each frame as
 * a SimpleBlock with its own timestamp, in clusters of unknown size so it can be written to a pipe
 * as frames come. A frame that repeats the previous one is simply not written: ffmpeg's `fps`
 * filter fills the gap with the frame before it, after the colour conversion, so a still frame
 * costs one PNG decode and one conversion however long it lasts (measured in docs/benchmarks.md).
 * Timestamps are whole milliseconds (Matroska's usual 1 ms scale), exact enough for `fps` to put
 * every frame back in its slot at any rate up to 500 fps.
 */

/** An EBML element: its ID (with the length marker, as the spec writes it) and its body. */
function element(id: number, body: Buffer): Buffer {
  return Buffer.concat([idBytes(id), sizeBytes(body.length), body]);
}

function idBytes(id: number): Buffer {
  const bytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from(bytes);
}

/** A size as an 8-byte EBML varint (always valid, a few bytes more than the shortest form). */
function sizeBytes(size: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt8(0x01, 0);
  out.writeUIntBE(size, 2, 6);
  return out;
}

function uint(id: number, value: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeBigUInt64BE(BigInt(value));
  let first = 0;
  while (first < 7 && body[first] === 0) first++;
  return element(id, body.subarray(first));
}

const text = (id: number, value: string): Buffer => element(id, Buffer.from(value, 'ascii'));

/** Matroska's "size unknown" (all ones), for the live segment and clusters. */
const UNKNOWN_SIZE = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

const ID = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  info: 0x1549a966,
  timestampScale: 0x2ad7b1,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  trackUid: 0x73c5,
  trackType: 0x83,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  cluster: 0x1f43b675,
  clusterTimestamp: 0xe7,
  simpleBlock: 0xa3,
} as const;

/** A block's timestamp is a signed 16-bit offset from its cluster's: start a new cluster well before. */
const CLUSTER_SPAN_MS = 30_000;

/** The stream's header: EBML header, a live segment, the 1 ms time scale and the PNG video track. */
export function matroskaHeader(width: number, height: number): Buffer {
  const ebml = element(ID.ebml, Buffer.concat([uint(0x4286, 1), uint(0x42f7, 1), uint(0x42f2, 4), uint(0x42f3, 8), text(0x4282, 'matroska'), uint(0x4287, 4), uint(0x4285, 2)]));
  const info = element(ID.info, uint(ID.timestampScale, 1_000_000));
  // BITMAPINFOHEADER: how a VFW codec (here PNG, "MPNG") is described.
  const bitmapInfo = Buffer.alloc(40);
  bitmapInfo.writeUInt32LE(40, 0);
  bitmapInfo.writeInt32LE(width, 4);
  bitmapInfo.writeInt32LE(height, 8);
  bitmapInfo.writeUInt16LE(1, 12);
  bitmapInfo.writeUInt16LE(32, 14);
  bitmapInfo.write('MPNG', 16, 'ascii');
  const track = element(
    ID.trackEntry,
    Buffer.concat([uint(ID.trackNumber, 1), uint(ID.trackUid, 1), uint(ID.trackType, 1), text(ID.codecId, 'V_MS/VFW/FOURCC'), element(ID.codecPrivate, bitmapInfo), element(ID.video, Buffer.concat([uint(ID.pixelWidth, width), uint(ID.pixelHeight, height)]))]),
  );
  return Buffer.concat([ebml, idBytes(ID.segment), UNKNOWN_SIZE, info, element(ID.tracks, track)]);
}

/** Turns frames (PNG bytes at a millisecond timestamp, in increasing order) into Matroska bytes. */
export class MatroskaFrames {
  private clusterStart = -Infinity;
  private lastMs = -Infinity;

  constructor(private readonly width: number, private readonly height: number) {}

  /** The bytes for one frame: the header before the first, a new cluster when the last is full. */
  frame(ms: number, png: Buffer): Buffer[] {
    if (!Number.isInteger(ms) || ms <= this.lastMs) throw new Error(`matroska: frame at ${ms} ms after one at ${this.lastMs} ms`);
    const out: Buffer[] = [];
    if (this.lastMs === -Infinity) out.push(matroskaHeader(this.width, this.height));
    this.lastMs = ms;
    if (ms - this.clusterStart > CLUSTER_SPAN_MS) {
      this.clusterStart = ms;
      out.push(idBytes(ID.cluster), UNKNOWN_SIZE, uint(ID.clusterTimestamp, ms));
    }
    // Track 1 (varint 0x81), the offset from the cluster, flags: keyframe (every PNG is one).
    const head = Buffer.alloc(4);
    head.writeUInt8(0x81, 0);
    head.writeInt16BE(ms - this.clusterStart, 1);
    head.writeUInt8(0x80, 3);
    out.push(idBytes(ID.simpleBlock), sizeBytes(head.length + png.length), head, png);
    return out;
  }
}
