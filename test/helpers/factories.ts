import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/auth/password.js';
import { normaliseUsername } from '../../src/auth/users.js';
import type { Database } from '../../src/db/client.js';
import * as s from '../../src/db/schema.js';

export const PASSWORD = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Every factory call makes its own rows with unique codes, so no test depends on another's data. */
export async function createOrganisation(db: Database, kind: 'public' | 'private' | 'civilian' = 'public') {
  const code = unique('org');
  const [row] = await db
    .insert(s.organisations)
    .values({ code, name: `기관 ${code}`, nameEn: `Org ${code}`, kind })
    .returning();
  return row!;
}

export async function createUser(
  db: Database,
  options: {
    role?: 'employee' | 'manager' | 'operator' | 'admin' | 'partner_admin';
    organisationId?: number;
    username?: string;
  } = {},
) {
  cachedHash ??= hashPassword(PASSWORD);
  const organisationId = options.organisationId ?? (await createOrganisation(db)).id;
  const username = normaliseUsername(options.username ?? unique('user'));
  const [row] = await db
    .insert(s.users)
    .values({
      username,
      displayName: `사용자 ${username}`,
      displayNameEn: `User ${username}`,
      passwordHash: await cachedHash,
      role: options.role ?? 'employee',
      organisationId,
    })
    .returning();
  return row!;
}

/** A center open Monday to Friday 08:00–20:00 with a public zone of `desks` desks and a partner zone. */
export async function createCenter(
  db: Database,
  options: {
    desks?: number;
    partnerOrganisationId?: number;
    hours?: { weekday: number; opens: number; closes: number }[];
  } = {},
) {
  const code = unique('center');
  const [center] = await db
    .insert(s.centers)
    .values({
      code,
      name: `테스트 센터 ${code}`,
      nameEn: `Test Center ${code}`,
      district: '중구',
      districtEn: 'Jung-gu',
      address: '서울특별시 중구 세종대로 110',
      addressEn: '110 Sejong-daero, Jung-gu, Seoul',
      lat: 37.5663,
      lng: 126.9779,
    })
    .returning();
  const hours = options.hours ?? [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: 8 * 60, closes: 20 * 60 }));
  await db
    .insert(s.centerHours)
    .values(
      hours.map((h) => ({ centerId: center!.id, weekday: h.weekday, opensMinute: h.opens, closesMinute: h.closes })),
    );
  // Tests book any 30-minute range, and nothing is held for people with needs, unless a test
  // says otherwise: modes and holds have tests of their own.
  await db
    .insert(s.centerPolicies)
    .values({ centerId: center!.id, deskMode: 'free', roomMode: 'free', priorityReleaseHours: 0 });
  const [zone] = await db
    .insert(s.zones)
    .values({ centerId: center!.id, code: 'A', name: '행정망 좌석', nameEn: 'Government desks', network: 'government' })
    .returning();
  const deskRows = await db
    .insert(s.desks)
    .values(
      Array.from({ length: options.desks ?? 3 }, (_, i) => ({
        zoneId: zone!.id,
        label: `A-${String(i + 1).padStart(2, '0')}`,
        features: i === 0 ? ['monitor', 'accessible'] : ['monitor'],
      })),
    )
    .returning();
  let partnerDesk: typeof s.desks.$inferSelect | undefined;
  if (options.partnerOrganisationId) {
    const [pz] = await db
      .insert(s.zones)
      .values({
        centerId: center!.id,
        code: 'P',
        name: '협력기관 좌석',
        nameEn: 'Partner desks',
        network: 'internet',
        partnerOrganisationId: options.partnerOrganisationId,
        sortOrder: 1,
      })
      .returning();
    [partnerDesk] = await db.insert(s.desks).values({ zoneId: pz!.id, label: 'P-01', features: [] }).returning();
  }
  return { center: center!, zone: zone!, desks: deskRows, partnerDesk };
}
