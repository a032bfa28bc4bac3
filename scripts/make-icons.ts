/**
 * `npx tsx scripts/make-icons.ts` — draws the two Teams app icons into manifest/ (the PNGs are committed;
 * rerun only to change the design). No image package is installed, so shapes are drawn as signed distance
 * fields (anti-aliased edges for free) and encoded as PNG with node:zlib.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
/** Distance in pixels from a point to the shape's edge: negative inside. */
type Shape = (x: number, y: number) => number;

/** The app's accent colour (manifest accentColor #1F6F8B): a calm teal that reads well on light and dark Teams. */
export const ACCENT: Rgba = [0x1f, 0x6f, 0x8b, 255];
const WHITE: Rgba = [255, 255, 255, 255];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG from `pixels` (width × height × 4 bytes, row by row). */
export function encodePng(width: number, height: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, no filter method, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const roundedSquare = (cx: number, cy: number, half: number, radius: number): Shape => (x, y) => {
  const qx = Math.abs(x - cx) - half + radius;
  const qy = Math.abs(y - cy) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};

/** A stroke along a polyline with round joins and caps. */
const polyline = (points: readonly (readonly [number, number])[], width: number): Shape => (x, y) => {
  let best = Infinity;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    best = Math.min(best, Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)));
  }
  return best - width / 2;
};

const ring = (shape: Shape, width: number): Shape => (x, y) => Math.abs(shape(x, y)) - width / 2;

/** Paints layers in order, each with edge coverage from its distance at the pixel centre. */
function render(size: number, layers: readonly [Shape, Rgba][]): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [shape, [lr, lg, lb, la]] of layers) {
        const cover = Math.max(0, Math.min(1, 0.5 - shape(x + 0.5, y + 0.5))) * (la / 255);
        const outA = cover + a * (1 - cover);
        if (outA > 0) [r, g, b] = [lr, lg, lb].map((c, i) => (c * cover + [r, g, b][i]! * a * (1 - cover)) / outA) as [number, number, number];
        a = outA;
      }
      pixels.set([r, g, b, a * 255].map(Math.round), (y * size + x) * 4);
    }
  }
  return encodePng(size, size, pixels);
}

/** The check mark, on a 0–1 grid, scaled into a box of `size` starting at `offset`. */
const check = (offset: number, size: number) =>
  ([[0.2, 0.53], [0.42, 0.74], [0.8, 0.3]] as const).map(([x, y]) => [offset + x * size, offset + y * size] as const);

/** 192×192 full colour: a teal rounded square with a white check mark inside Teams' 96 px safe area. */
export const colorIcon = (): Buffer =>
  render(192, [
    [roundedSquare(96, 96, 96, 36), ACCENT],
    [polyline(check(48, 96), 16), WHITE],
  ]);

/** 32×32 outline: white only, transparent background, the same check mark in a rounded square. */
export const outlineIcon = (): Buffer =>
  render(32, [
    [ring(roundedSquare(16, 16, 14.5, 6), 2), WHITE],
    [polyline(check(6, 20), 2.5), WHITE],
  ]);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../manifest/', import.meta.url));
  writeFileSync(`${dir}color.png`, colorIcon());
  writeFileSync(`${dir}outline.png`, outlineIcon());
  console.log(`Wrote ${dir}color.png and ${dir}outline.png`);
}
