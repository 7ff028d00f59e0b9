import { createHash } from 'node:crypto';
import type { FieldErrors } from '../errors.js';

/**
 * Floor plans as plain rules: a zone's plan is a grid of cols × rows cells (over an optional
 * picture); each desk stands on one cell. No I/O here: the repository stores, these decide.
 */

export const DEFAULT_COLS = 12;
export const DEFAULT_ROWS = 8;
export const MIN_CELLS = 4;
export const MAX_CELLS = 60;
/** The largest picture accepted: enough for a detailed floor plan, small enough to serve to phones. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Pictures larger than this in either direction are refused (a decompression bomb, or a photo). */
export const MAX_IMAGE_SIDE = 8000;

export interface PlanGrid {
  cols: number;
  rows: number;
}

export interface Placed {
  id: number;
  x: number;
  y: number;
  /** False when the desk has no stored place yet and stands on the first free cell. */
  placed: boolean;
}

/**
 * Where each desk stands: its stored cell when it has one inside the grid, otherwise the first
 * free cell (row by row), so that a new zone's desks appear in a tidy block ready to be moved.
 */
export function layout(
  desks: readonly { id: number; planX: number | null; planY: number | null }[],
  grid: PlanGrid,
): Placed[] {
  const taken = new Set<string>();
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < grid.cols && y < grid.rows;
  const result = new Map<number, Placed>();
  for (const d of desks) {
    if (d.planX === null || d.planY === null || !inside(d.planX, d.planY)) continue;
    const key = `${d.planX},${d.planY}`;
    if (taken.has(key)) continue;
    taken.add(key);
    result.set(d.id, { id: d.id, x: d.planX, y: d.planY, placed: true });
  }
  let cursor = 0;
  for (const d of desks) {
    if (result.has(d.id)) continue;
    while (cursor < grid.cols * grid.rows && taken.has(`${cursor % grid.cols},${Math.floor(cursor / grid.cols)}`))
      cursor++;
    // More desks than cells: the rest share the last cell until the grid is made larger.
    const c = Math.min(cursor, grid.cols * grid.rows - 1);
    const x = c % grid.cols;
    const y = Math.floor(c / grid.cols);
    taken.add(`${x},${y}`);
    result.set(d.id, { id: d.id, x, y, placed: false });
  }
  return desks.map((d) => result.get(d.id)!);
}

/** The smallest grid that holds this many desks with room to arrange them. */
export function defaultGrid(deskCount: number): PlanGrid {
  let rows = DEFAULT_ROWS;
  while (rows < MAX_CELLS && DEFAULT_COLS * rows < deskCount * 2) rows += 2;
  return { cols: DEFAULT_COLS, rows: Math.min(rows, MAX_CELLS) };
}

export interface Placement {
  cols: number;
  rows: number;
  positions: { deskId: number; x: number; y: number }[];
}

/**
 * Checks a placement against its grid: every desk inside it, no two on one cell. Errors are
 * tied to the desk's x field (`x-<id>`), so the form shows them beside the desk.
 */
export function checkPlacement(p: Placement, labels: ReadonlyMap<number, string>): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Map<string, number>();
  for (const pos of p.positions) {
    const label = labels.get(pos.deskId) ?? String(pos.deskId);
    if (pos.x >= p.cols || pos.y >= p.rows) {
      errors[`x-${pos.deskId}`] = {
        key: 'plan.error.outside',
        params: { label, cols: p.cols, rows: p.rows },
      };
      continue;
    }
    const key = `${pos.x},${pos.y}`;
    const other = seen.get(key);
    if (other !== undefined) {
      errors[`x-${pos.deskId}`] = {
        key: 'plan.error.sameCell',
        params: { label, other: labels.get(other) ?? String(other) },
      };
      continue;
    }
    seen.set(key, pos.deskId);
  }
  return errors;
}

export type ImageType = 'image/png' | 'image/jpeg' | 'image/svg+xml';
export interface CheckedImage {
  type: ImageType;
  width: number;
  height: number;
  hash: string;
}
export type ImageProblem = 'empty' | 'tooLarge' | 'type' | 'damaged' | 'dimensions' | 'svgActive';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(b: Uint8Array): { width: number; height: number } | undefined {
  // The first chunk must be IHDR (length 13): width and height are its first two big-endian words.
  if (b.length < 33) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function jpegSize(b: Uint8Array): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // Markers without a length: RSTn, SOI, EOI, TEM.
    if ((marker >= 0xd0 && marker <= 0xd9) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    if (length < 2) return undefined;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (b[i + 5]! << 8) | b[i + 6]!;
      const width = (b[i + 7]! << 8) | b[i + 8]!;
      return { width, height };
    }
    i += 2 + length;
  }
  return undefined;
}

const SVG_ACTIVE = [
  /<!DOCTYPE/i,
  /<!ENTITY/i,
  /<script/i,
  /<foreignObject/i,
  /<iframe/i,
  /<embed/i,
  /<object/i,
  /\son[a-z]+\s*=/i,
  /javascript:/i,
  /data:text\/html/i,
  /<use[^>]+href\s*=\s*["']\s*(?!#)/i,
  /<image[^>]+href\s*=\s*["']\s*(?!data:image\/(png|jpeg);)/i,
  /@import/i,
  /url\(\s*["']?\s*(?!#)/i,
];

function svgSize(text: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!root) return undefined;
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(root)?.[1];
  const viewBox = attr('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (viewBox && viewBox.length === 4 && viewBox.every(Number.isFinite) && viewBox[2]! > 0 && viewBox[3]! > 0)
    return { width: Math.round(viewBox[2]!), height: Math.round(viewBox[3]!) };
  const w = Number.parseFloat(attr('width') ?? '');
  const h = Number.parseFloat(attr('height') ?? '');
  if (w > 0 && h > 0) return { width: Math.round(w), height: Math.round(h) };
  return undefined;
}

/**
 * Checks an uploaded floor-plan picture by its bytes, whatever its name or declared type says:
 * PNG and JPEG by their signatures (sizes read from the header); SVG only as a plain drawing —
 * anything that could run or fetch (scripts, event attributes, external references, DOCTYPE
 * entities) is refused rather than cleaned, and it is only ever shown as an image, served with a
 * sandboxing Content-Security-Policy, so a browser never runs it as a document.
 */
export function checkImage(bytes: Uint8Array): CheckedImage | { problem: ImageProblem } {
  if (bytes.length === 0) return { problem: 'empty' };
  if (bytes.length > MAX_IMAGE_BYTES) return { problem: 'tooLarge' };
  let type: ImageType;
  let size: { width: number; height: number } | undefined;
  if (PNG_SIGNATURE.every((v, i) => bytes[i] === v)) {
    type = 'image/png';
    size = pngSize(bytes);
  } else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    type = 'image/jpeg';
    size = jpegSize(bytes);
  } else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { problem: 'type' };
    }
    const start = text
      .replace(/^\uFEFF/, '')
      .replace(/^\s*<\?xml[^>]*\?>/i, '')
      .replace(/^(\s*<!--[\s\S]*?-->)*/, '')
      .trimStart();
    if (/<svg[\s>]/i.test(text) && SVG_ACTIVE.some((re) => re.test(text))) return { problem: 'svgActive' };
    if (!/^<svg[\s>]/i.test(start)) return { problem: 'type' };
    type = 'image/svg+xml';
    size = svgSize(start);
  }
  if (!size) return { problem: 'damaged' };
  if (size.width < 1 || size.height < 1 || size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE)
    return { problem: 'dimensions' };
  return { type, ...size, hash: createHash('sha256').update(bytes).digest('base64url').slice(0, 22) };
}

/** A grid that follows the picture's proportions, with the given number of columns. */
export function gridForImage(cols: number, width: number, height: number): PlanGrid {
  const rows = Math.round((cols * height) / width);
  return { cols, rows: Math.min(MAX_CELLS, Math.max(MIN_CELLS, rows)) };
}
