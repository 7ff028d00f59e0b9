import { describe, expect, it } from 'vitest';
import {
  checkImage,
  checkPlacement,
  defaultGrid,
  gridForImage,
  layout,
  MAX_IMAGE_BYTES,
} from '../../src/floorplans/plan.js';

const text = (s: string) => new TextEncoder().encode(s);

function png(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

/** SOI, an APP0 segment, then SOF0 with the frame's height and width. */
function jpeg(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x06,
    0x4a,
    0x46,
    0x49,
    0x46,
    0xff,
    0xc0,
    0x00,
    0x0b,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x01,
    0x01,
    0x11,
    0x00,
    0xff,
    0xd9,
  ]);
}

describe('layout', () => {
  it('keeps stored cells and puts the rest on the first free cells, row by row', () => {
    const placed = layout(
      [
        { id: 1, planX: null, planY: null },
        { id: 2, planX: 0, planY: 0 },
        { id: 3, planX: 9, planY: 9 }, // outside a 4×4 grid: placed anew
        { id: 4, planX: 0, planY: 0 }, // the same cell as desk 2: placed anew
      ],
      { cols: 4, rows: 4 },
    );
    expect(placed.map((p) => [p.id, p.x, p.y, p.placed])).toEqual([
      [1, 1, 0, false],
      [2, 0, 0, true],
      [3, 2, 0, false],
      [4, 3, 0, false],
    ]);
  });

  it('grows the default grid for many desks', () => {
    expect(defaultGrid(10)).toEqual({ cols: 12, rows: 8 });
    expect(defaultGrid(100).rows * 12).toBeGreaterThanOrEqual(200);
  });
});

describe('checkPlacement', () => {
  const labels = new Map([
    [1, 'A-01'],
    [2, 'A-02'],
  ]);
  it('refuses a desk outside the grid and two desks on one cell, at the desk’s field', () => {
    expect(checkPlacement({ cols: 4, rows: 4, positions: [{ deskId: 1, x: 4, y: 0 }] }, labels)['x-1']?.key).toBe(
      'plan.error.outside',
    );
    const same = checkPlacement(
      {
        cols: 4,
        rows: 4,
        positions: [
          { deskId: 1, x: 1, y: 1 },
          { deskId: 2, x: 1, y: 1 },
        ],
      },
      labels,
    );
    expect(same['x-2']).toEqual({ key: 'plan.error.sameCell', params: { label: 'A-02', other: 'A-01' } });
    expect(checkPlacement({ cols: 4, rows: 4, positions: [{ deskId: 1, x: 3, y: 3 }] }, labels)).toEqual({});
  });
});

describe('checkImage', () => {
  it('reads PNG and JPEG sizes from their headers, whatever the file was called', () => {
    expect(checkImage(png(1200, 800))).toMatchObject({ type: 'image/png', width: 1200, height: 800 });
    expect(checkImage(jpeg(640, 480))).toMatchObject({ type: 'image/jpeg', width: 640, height: 480 });
  });

  it('accepts a plain SVG drawing with its viewBox or size', () => {
    expect(
      checkImage(
        text(
          '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="10" height="10"/></svg>',
        ),
      ),
    ).toMatchObject({
      type: 'image/svg+xml',
      width: 400,
      height: 300,
    });
    expect(checkImage(text('<svg width="80" height="40"></svg>'))).toMatchObject({ width: 80, height: 40 });
  });

  it('refuses SVGs that could run or fetch anything', () => {
    for (const bad of [
      '<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>',
      '<svg viewBox="0 0 1 1" onload="alert(1)"></svg>',
      '<svg viewBox="0 0 1 1"><a href="javascript:alert(1)"><rect/></a></svg>',
      '<svg viewBox="0 0 1 1"><foreignObject><iframe/></foreignObject></svg>',
      '<svg viewBox="0 0 1 1"><image href="https://example.org/x.png"/></svg>',
      '<svg viewBox="0 0 1 1"><style>@import "x.css";</style></svg>',
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg viewBox="0 0 1 1">&a;</svg>',
    ])
      expect(checkImage(text(bad)), bad).toEqual({ problem: 'svgActive' });
  });

  it('refuses what is not a picture, an empty, damaged, huge or too-large file', () => {
    expect(checkImage(text('<html><body>hi</body></html>'))).toEqual({ problem: 'type' });
    expect(checkImage(new Uint8Array([0x47, 0x49, 0x46, 0x38]))).toEqual({ problem: 'type' });
    expect(checkImage(new Uint8Array())).toEqual({ problem: 'empty' });
    expect(checkImage(png(1, 1).subarray(0, 20))).toEqual({ problem: 'damaged' });
    expect(checkImage(png(100_000, 10))).toEqual({ problem: 'dimensions' });
    expect(checkImage(new Uint8Array(MAX_IMAGE_BYTES + 1))).toEqual({ problem: 'tooLarge' });
  });

  it('fits the grid to the picture’s proportions', () => {
    expect(gridForImage(12, 1200, 600)).toEqual({ cols: 12, rows: 6 });
    expect(gridForImage(12, 100, 10_000)).toEqual({ cols: 12, rows: 60 });
  });
});
