/** A half-open range [start, end) in minutes after local midnight. */
export interface MinuteRange {
  start: number;
  end: number;
}

export function overlaps(a: MinuteRange, b: MinuteRange): boolean {
  return a.start < b.end && b.start < a.end;
}

/** What is left of `within` once every busy range is taken out, in order. */
export function subtractRanges(within: MinuteRange, busy: readonly MinuteRange[]): MinuteRange[] {
  const sorted = busy
    .map((b) => ({ start: Math.max(b.start, within.start), end: Math.min(b.end, within.end) }))
    .filter((b) => b.start < b.end)
    .sort((a, b) => a.start - b.start);
  const free: MinuteRange[] = [];
  let cursor = within.start;
  for (const b of sorted) {
    if (b.start > cursor) free.push({ start: cursor, end: b.start });
    cursor = Math.max(cursor, b.end);
  }
  if (cursor < within.end) free.push({ start: cursor, end: within.end });
  return free;
}
