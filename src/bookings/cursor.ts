import { ValidationError } from '../errors.js';

/** A place in a list of bookings ordered by start then id: keyset paging that stays fast at any depth. */
export interface BookingPosition {
  startsAt: Date;
  id: number;
}

/** Keyset cursors, opaque to whoever holds them: the API's `cursor` and the web list's "older" link. */
export const bookingCursor = {
  encode: (b: BookingPosition) => Buffer.from(`${b.startsAt.toISOString()}|${b.id}`).toString('base64url'),
  decode(text: string, field = 'cursor'): BookingPosition {
    const [iso, id] = Buffer.from(text, 'base64url').toString().split('|');
    const startsAt = new Date(iso ?? '');
    const n = Number(id);
    const year = startsAt.getUTCFullYear();
    if (
      Number.isNaN(startsAt.getTime()) ||
      year < 2000 ||
      year > 2100 ||
      !Number.isInteger(n) ||
      n <= 0 ||
      n > 2_147_483_647
    )
      throw new ValidationError({ [field]: { key: 'api.invalidQuery', params: { field } } });
    return { startsAt, id: n };
  },
};
