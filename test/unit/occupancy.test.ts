import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heldFromPerson, seal, unseal } from '../../src/accessibility/needs.js';
import { checkInWindow, isNoShowPending } from '../../src/bookings/rules.js';
import { isEquivalent } from '../../src/centers/out-of-service.js';
import { boardAlerts, boardEntries } from '../../src/occupancy/board.js';
import { centerCounts } from '../../src/occupancy/counts.js';
import { hourlySeries } from '../../src/occupancy/series.js';

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00+09:00`);
const hours = { weekday: 2, opensMinute: 8 * 60, closesMinute: 20 * 60 };
const desk = (id: number, extra: Partial<{ zoneId: number; kind: string; outOfService: boolean }> = {}) => ({
  id,
  zoneId: 1,
  kind: 'desk',
  active: true,
  outOfService: false,
  ...extra,
});
const booking = (deskId: number, from: string, to: string, status = 'booked') => ({
  deskId,
  startsAt: at(from),
  endsAt: at(to),
  status,
});

describe('centerCounts', () => {
  const desks = [
    desk(1),
    desk(2),
    desk(3),
    desk(4, { zoneId: 2 }),
    desk(5, { kind: 'meeting_room' }),
    desk(6, { outOfService: true }),
  ];
  const bookings = [
    booking(1, '09:00', '12:00'),
    booking(2, '08:00', '10:00', 'checked_in'),
    booking(3, '15:00', '16:00'),
    booking(4, '09:00', '10:00', 'cancelled'),
    booking(5, '09:00', '10:00'),
  ];
  it('counts desks free, booked and checked in now, free for the rest of the day, per zone', () => {
    const c = centerCounts(desks, hours, bookings, at('09:10'));
    expect(c.capacity).toBe(5);
    expect(c.outOfService).toBe(1);
    expect(c.now).toEqual({ free: 2, booked: 2, checkedIn: 1 });
    expect(c.freeRestOfDay).toBe(1); // desk 4: the cancelled booking does not hold it
    expect(c.zones).toEqual([
      { zoneId: 1, free: 1, total: 4 },
      { zoneId: 2, free: 1, total: 1 },
    ]);
    expect(c.hourly.slice(0, 3)).toEqual([
      { hour: 8, booked: 1 },
      { hour: 9, booked: 2 },
      { hour: 10, booked: 1 },
    ]);
  });
  it('has nothing free while closed, and nothing for the rest of a closed day', () => {
    const before = centerCounts(desks, hours, bookings, at('07:00'));
    expect(before.openNow).toBe(false);
    expect(before.now.free).toBe(0);
    expect(before.freeRestOfDay).toBe(1);
    const closed = centerCounts(desks, undefined, [], at('10:00'));
    expect(closed).toMatchObject({ openToday: false, freeRestOfDay: 0, hourly: [] });
  });
});

describe('check-in window and no-shows', () => {
  const b = { status: 'booked', startsAt: at('09:00'), endsAt: at('12:00') };
  it.each([
    ['08:44', 'tooEarly'],
    ['08:45', 'ok'],
    ['09:29', 'ok'],
    ['09:30', 'tooLate'],
  ] as const)('at %s → %s', (time, verdict) => {
    expect(checkInWindow(b, at(time))).toBe(verdict);
  });
  it('closes at the end of a short booking', () => {
    expect(checkInWindow({ ...b, endsAt: at('09:15') }, at('09:15'))).toBe('tooLate');
  });
  it('marks a booking under way past its window as a pending no-show', () => {
    expect(isNoShowPending(b, at('09:29'))).toBe(false);
    expect(isNoShowPending(b, at('09:30'))).toBe(true);
    expect(isNoShowPending(b, at('12:00'))).toBe(false);
    expect(isNoShowPending({ ...b, status: 'checked_in' }, at('10:00'))).toBe(false);
  });
});

describe('operator board', () => {
  const names = { userName: '김민준', userNameEn: 'Kim Minjun', userId: 1, needsAccessible: true };
  const rows = [
    { bookingId: 1, ...booking(1, '09:00', '12:00', 'checked_in'), ...names },
    { bookingId: 2, ...booking(2, '08:00', '12:00'), ...names },
    { bookingId: 3, ...booking(3, '14:00', '15:00'), ...names },
  ];
  const desks = [1, 2, 3, 4].map((id) => ({
    id,
    label: `A-0${id}`,
    kind: 'desk',
    zoneId: 1,
    outOfService: id === 4,
    outOfServiceReason: null,
    features: [],
  }));
  it('gives each desk its state, who is in and what comes next', () => {
    const entries = boardEntries(desks, rows, at('09:10'));
    expect(entries.map((e) => e.state)).toEqual(['checked_in', 'no_show_pending', 'free', 'out_of_service']);
    expect(entries[0]!.current?.userName).toBe('김민준');
    expect(entries[2]!.next.map((n) => n.bookingId)).toEqual([3]);
  });
  it('raises alerts at 90% and for pending no-shows', () => {
    const entries = boardEntries(desks, rows, at('09:10'));
    expect(boardAlerts(10, 9, entries)).toContainEqual({ kind: 'nearly_full', percent: 90 });
    expect(boardAlerts(10, 8, entries).some((a) => a.kind === 'nearly_full')).toBe(false);
    expect(boardAlerts(10, 2, entries)).toContainEqual({ kind: 'no_show_pending', count: 1 });
  });
});

describe('equivalent desks', () => {
  it('needs the same kind, every feature and enough room', () => {
    const original = { kind: 'desk', features: ['monitor', 'accessible'], capacity: 1 };
    expect(isEquivalent(original, { kind: 'desk', features: ['accessible', 'monitor', 'window'], capacity: 1 })).toBe(
      true,
    );
    expect(isEquivalent(original, { kind: 'desk', features: ['monitor'], capacity: 1 })).toBe(false);
    expect(isEquivalent(original, { kind: 'phone_booth', features: ['monitor', 'accessible'], capacity: 1 })).toBe(
      false,
    );
  });
});

describe('hourlySeries', () => {
  it('counts distinct desks per hour, not bookings', () => {
    const points = hourlySeries(at('09:00'), at('11:00'), [
      booking(1, '09:00', '09:30'),
      booking(1, '09:30', '10:30'),
      booking(2, '10:00', '10:15', 'completed'),
    ]);
    expect(points.map((p) => p.booked)).toEqual([1, 2]);
    expect(points.map((p) => p.checkedIn)).toEqual([0, 1]);
  });
  it('gives the same counts as checking every hour against every booking (the sweep line is exact)', () => {
    const statuses = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'];
    const naive = (from: Date, to: Date, bs: ReturnType<typeof booking>[]) => {
      const out: { booked: number; checkedIn: number }[] = [];
      for (let t = from.getTime(); t < to.getTime(); t += 3_600_000) {
        const live = bs.filter((b) => b.startsAt.getTime() < t + 3_600_000 && b.endsAt.getTime() > t);
        const held = live.filter((b) => ['booked', 'checked_in', 'completed'].includes(b.status));
        const present = live.filter((b) => ['checked_in', 'completed'].includes(b.status));
        out.push({
          booked: new Set(held.map((b) => b.deskId)).size,
          checkedIn: new Set(present.map((b) => b.deskId)).size,
        });
      }
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            deskId: fc.integer({ min: 1, max: 4 }),
            start: fc.integer({ min: 6 * 4, max: 22 * 4 }),
            length: fc.integer({ min: 1, max: 16 }),
            status: fc.constantFrom(...statuses),
          }),
          { maxLength: 25 },
        ),
        fc.integer({ min: 0, max: 59 }),
        (rows, offset) => {
          const bs = rows.map((r) => ({
            deskId: r.deskId,
            startsAt: new Date(at('00:00').getTime() + r.start * 900_000),
            endsAt: new Date(at('00:00').getTime() + (r.start + r.length) * 900_000),
            status: r.status,
          }));
          const from = new Date(at('08:00').getTime() + offset * 60_000);
          const got = hourlySeries(from, at('20:00'), bs).map((p) => ({ booked: p.booked, checkedIn: p.checkedIn }));
          expect(got).toEqual(naive(from, at('20:00'), bs));
        },
      ),
    );
  });
});

describe('held desks', () => {
  const starts = new Date('2026-12-03T09:00:00+09:00');
  const now = new Date('2026-12-01T09:10:00+09:00');
  const desk = { kind: 'desk', features: ['accessible'] };
  it.each([
    ['a wheelchair user', ['wheelchair'], desk, 24, false],
    ['someone without the need, 48 h ahead', [], desk, 24, true],
    ['someone without the need, when the center holds nothing', [], desk, 0, false],
    ['someone without the need, a plain desk', [], { kind: 'desk', features: ['monitor'] }, 24, false],
    ['a parent, the nursing room', ['nursing_room'], { kind: 'nursing_room', features: [] }, 24, false],
    ['someone else, the nursing room', ['quiet'], { kind: 'nursing_room', features: [] }, 24, true],
  ] as const)('%s → held: %s', (_n, needs, resource, hours, held) => {
    expect(heldFromPerson(resource, needs, starts, now, hours).held).toBe(held);
  });
  it('releases the hold exactly 24 hours before the start', () => {
    expect(heldFromPerson(desk, [], starts, new Date('2026-12-02T08:59:00+09:00'), 24).held).toBe(true);
    expect(heldFromPerson(desk, [], starts, new Date('2026-12-02T09:00:00+09:00'), 24).held).toBe(false);
  });
  it('seals needs so the text is not readable, and opens them with the key', () => {
    const key = Buffer.alloc(32, 1);
    const sealed = seal(key, ['wheelchair', 'hearing']);
    expect(sealed).not.toContain('wheelchair');
    expect(unseal(key, sealed)).toEqual(['wheelchair', 'hearing']);
    expect(() => unseal(Buffer.alloc(32, 2), sealed)).toThrow();
  });
});
