import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { userHomes } from '../db/schema.js';
import { HOME_AREAS } from './distance.js';

export interface Home {
  areaCode: string | null;
  lat: number;
  lng: number;
}

/** Coordinates kept to two decimals (about a kilometre): enough to rank centers, not enough to find a door. */
export const coarse = (x: number) => Math.round(x * 100) / 100;

export function homeFromInput(input: { area?: string; lat?: string; lng?: string }): Home | undefined {
  const area = HOME_AREAS.find((a) => a.code === input.area);
  if (area) return { areaCode: area.code, lat: area.lat, lng: area.lng };
  const lat = Number(input.lat);
  const lng = Number(input.lng);
  if (
    input.lat &&
    input.lng &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat > 33 &&
    lat < 39 &&
    lng > 124 &&
    lng < 132
  ) {
    return { areaCode: null, lat: coarse(lat), lng: coarse(lng) };
  }
  return undefined;
}

export async function homeOf(db: Database, userId: number): Promise<Home | undefined> {
  const [row] = await db.select().from(userHomes).where(eq(userHomes.userId, userId));
  return row ? { areaCode: row.areaCode, lat: row.lat, lng: row.lng } : undefined;
}

export async function saveHome(db: Database, userId: number, home: Home, at: Date): Promise<void> {
  await db
    .insert(userHomes)
    .values({ userId, ...home, updatedAt: at })
    .onConflictDoUpdate({ target: userHomes.userId, set: { ...home, updatedAt: at } });
}

export async function forgetHome(db: Database, userId: number): Promise<void> {
  await db.delete(userHomes).where(eq(userHomes.userId, userId));
}
