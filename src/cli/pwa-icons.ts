/**
 * Draws the app's icons (public/icons/*.png) from code, so they can be remade and reviewed:
 * a white desk with a check mark on the service's blue. `npx tsx src/cli/pwa-icons.ts`
 * The maskable icon keeps the drawing inside the central 60 % (the safe zone is a circle of 80 %).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { projectRoot } from '../web/views.js';

const BLUE = [11, 80, 208] as const; // --primary in public/css/app.css
const WHITE = [255, 255, 255] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG of size×size whose pixel colour (or transparency) `paint` decides, 4× supersampled. */
function png(size: number, paint: (x: number, y: number) => readonly [number, number, number] | undefined): Buffer {
  const rows = Buffer.alloc(size * (1 + size * 4));
  const S = 4;
  for (let y = 0; y < size; y++) {
    rows[y * (1 + size * 4)] = 0;
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const c = paint((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          if (!c) continue;
          sum[0]! += c[0];
          sum[1]! += c[1];
          sum[2]! += c[2];
          sum[3]! += 255;
        }
      const covered = sum[3]! / 255;
      const o = y * (1 + size * 4) + 1 + x * 4;
      for (let i = 0; i < 3; i++) rows[o + i] = covered ? Math.round(sum[i]! / covered) : 0;
      rows[o + 3] = Math.round(sum[3]! / (S * S));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const inRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) =>
  x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** Distance from (x, y) to the segment a–b. */
function toSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** The glyph in unit coordinates (0..1): a desk top, two legs and a check mark above it. */
function glyph(x: number, y: number): boolean {
  const top = inRect(x, y, 0.1, 0.55, 0.9, 0.65);
  const legs = inRect(x, y, 0.17, 0.65, 0.27, 0.92) || inRect(x, y, 0.73, 0.65, 0.83, 0.92);
  const check = toSegment(x, y, 0.3, 0.3, 0.45, 0.44) < 0.055 || toSegment(x, y, 0.45, 0.44, 0.72, 0.12) < 0.055;
  return top || legs || check;
}

function icon(size: number, maskable: boolean): Buffer {
  return png(size, (x, y) => {
    if (!maskable) {
      // A rounded square (corner radius 18 %), transparent outside.
      const r = 0.18;
      const cx = Math.min(Math.max(x, r), 1 - r);
      const cy = Math.min(Math.max(y, r), 1 - r);
      if (Math.hypot(x - cx, y - cy) > r) return undefined;
    }
    const inset = maskable ? 0.2 : 0.14;
    const gx = (x - inset) / (1 - 2 * inset);
    const gy = (y - inset) / (1 - 2 * inset);
    return gx >= 0 && gx <= 1 && gy >= 0 && gy <= 1 && glyph(gx, gy) ? WHITE : BLUE;
  });
}

const dir = path.join(projectRoot, 'public', 'icons');
writeFileSync(path.join(dir, 'icon-192.png'), icon(192, false));
writeFileSync(path.join(dir, 'icon-512.png'), icon(512, false));
writeFileSync(path.join(dir, 'maskable-512.png'), icon(512, true));
writeFileSync(path.join(dir, 'apple-touch-icon.png'), icon(180, true));
console.log(`icons written to ${dir}`);
