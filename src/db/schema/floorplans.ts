import { sql } from 'drizzle-orm';
import { check, customType, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { zones } from './centers.js';

// A zone's floor plan (the desks' places on it are columns of desks).

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A zone's floor plan: a grid of cols × rows cells, optionally over an uploaded picture (PNG, JPEG or
 * SVG, checked by its bytes). Its own table so that the picture's bytes are read only when served.
 */
export const zonePlans = pgTable(
  'zone_plans',
  {
    zoneId: integer('zone_id')
      .primaryKey()
      .references(() => zones.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull().default('grid'),
    cols: smallint('cols').notNull(),
    rows: smallint('rows').notNull(),
    image: bytea('image'),
    imageType: text('image_type'),
    imageWidth: integer('image_width'),
    imageHeight: integer('image_height'),
    /** A hash of the picture's bytes: its ETag and the version in its URL. */
    imageHash: text('image_hash'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('zone_plans_kind', sql`${t.kind} in ('grid', 'image')`),
    check('zone_plans_size', sql`${t.cols} between 4 and 60 and ${t.rows} between 4 and 60`),
    check(
      'zone_plans_image',
      sql`(${t.kind} = 'grid' and ${t.image} is null) or (${t.kind} = 'image' and ${t.image} is not null and ${t.imageType} in ('image/png', 'image/jpeg', 'image/svg+xml') and ${t.imageHash} is not null)`,
    ),
  ],
);
