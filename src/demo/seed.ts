import { count, eq } from 'drizzle-orm';
import { seal } from '../accessibility/needs.js';
import { mfaRequired, sealTotpSecret, totpKey } from '../auth/mfa.js';
import { hashPassword } from '../auth/password.js';
import { findSessionUser } from '../auth/users.js';
import { book } from '../bookings/book.js';
import { bookingInstants } from '../bookings/rules.js';
import { bookSeries, planSeries } from '../bookings/series.js';
import { weeklyRrule } from '../bookings/series-rules.js';
import { type Database, inTransaction } from '../db/client.js';
import * as s from '../db/schema.js';
import { DomainError } from '../errors.js';
import { LocalBus } from '../realtime/bus.js';
import { addDaysToDate, type Clock, parseMinute, seoulDate } from '../time/seoul.js';
import { demoActivity, demoColleagues } from './activity.js';
import * as data from './data.js';
import { seedDemoProgramme } from './programme.js';

export interface SeedResult {
  seeded: boolean;
}

const minute = (hhmm: string) => {
  const m = parseMinute(hhmm);
  if (m === undefined) throw new Error(`bad time in seed data: ${hhmm}`);
  return m;
};

function deskFeatures(zone: 'government' | 'internet' | 'quiet' | 'partner', n: number): string[] {
  const f: string[] = ['monitor'];
  if (zone === 'government') f.push('gov_network', 'privacy_screen');
  if (zone === 'quiet') f.push('quiet');
  if (n <= 2 && zone !== 'partner') f.push('accessible', 'near_entrance');
  if (n % 5 === 0 || n === 1) f.push('height_adjustable');
  if (n % 3 === 0) f.push('dual_monitor');
  if (n % 4 === 0) f.push('window');
  return f;
}

/**
 * Demo data for a new installation: organisations, centers with zones and desks, and, outside
 * production, demo users with a few bookings. It runs once: a database that already has
 * organisations is left alone, so restarting never duplicates or overwrites anything.
 */
export async function seedDemoData(
  db: Database,
  clock: Clock,
  options: { withUsers: boolean; needsKey?: Buffer },
): Promise<SeedResult> {
  // Hash outside the transaction: it is slow and needs no database. Every demo login has the same,
  // publicly printed password, so one hash serves them all (a fresh first start hashes once, not 20 times).
  const demoHash = options.withUsers ? await hashPassword(data.DEMO_PASSWORD) : '';
  const passwordHashes = options.withUsers ? data.demoUsers.map(() => demoHash) : [];
  // Without a key (some tests), needs are sealed with a throw-away one: the demo still seeds them.
  const needsKey = options.needsKey ?? Buffer.alloc(32);
  const bookDeps = { clock, needsKey };
  return inTransaction(db, async (tx) => {
    // Serialises concurrent first starts of several processes on one PostgreSQL.
    await tx.execute('select pg_advisory_xact_lock(727002)');
    const [existing] = await tx.select({ n: count() }).from(s.organisations);
    if ((existing?.n ?? 0) > 0) return { seeded: false };

    const orgRows = await tx
      .insert(s.organisations)
      .values([...data.organisations])
      .returning();
    const orgId = (code: string) => {
      const row = orgRows.find((o) => o.code === code);
      if (!row) throw new Error(`unknown organisation ${code}`);
      return row.id;
    };

    const seededCenters: {
      id: number;
      code: string;
      hours: { weekday: number; opensMinute: number; closesMinute: number }[];
      deskIds: Record<string, number[]>;
    }[] = [];
    for (const c of data.centers) {
      const [center] = await tx
        .insert(s.centers)
        .values({
          code: c.code,
          name: c.name,
          nameEn: c.nameEn,
          district: c.district,
          districtEn: c.districtEn,
          address: c.address,
          addressEn: c.addressEn,
          lat: c.lat,
          lng: c.lng,
          phone: c.phone,
          operatorOrganisationId: orgId('seoul'),
          // Facilities as the demo imagines them: 일산 is up a flight of stairs; five have disabled parking.
          stepFree: c.code !== 'ilsan',
          accessibleParking: ['seoul-station', 'dobong', 'jamsil', 'bundang', 'ilsan'].includes(c.code),
        })
        .returning();
      if (!center) throw new Error('center insert failed');
      const hours = c.hours.map((h) => ({
        centerId: center.id,
        weekday: h.weekday,
        opensMinute: minute(h.opens),
        closesMinute: minute(h.closes),
      }));
      await tx.insert(s.centerHours).values(hours);

      const zoneSpecs = [
        {
          key: 'government',
          code: 'A',
          name: '행정망 좌석',
          nameEn: 'Government network desks',
          network: 'government',
          n: c.desks.government,
        },
        {
          key: 'internet',
          code: 'B',
          name: '인터넷망 좌석',
          nameEn: 'Internet desks',
          network: 'internet',
          n: c.desks.internet,
        },
        { key: 'quiet', code: 'Q', name: '조용한 좌석', nameEn: 'Quiet desks', network: 'internet', n: c.desks.quiet },
        {
          key: 'partner',
          code: 'P',
          name: '협력기관 좌석',
          nameEn: 'Partner desks',
          network: 'internet',
          n: c.desks.partner,
        },
      ] as const;
      const deskIds: Record<string, number[]> = {};
      let sort = 0;
      for (const z of zoneSpecs) {
        if (z.n === 0) continue;
        const [zone] = await tx
          .insert(s.zones)
          .values({
            centerId: center.id,
            code: z.code,
            name: z.name,
            nameEn: z.nameEn,
            network: z.network,
            partnerOrganisationId: z.key === 'partner' && c.partner ? orgId(c.partner) : null,
            sortOrder: sort++,
          })
          .returning();
        if (!zone) throw new Error('zone insert failed');
        const rows = await tx
          .insert(s.desks)
          .values(
            Array.from({ length: z.n }, (_, i) => ({
              zoneId: zone.id,
              label: `${z.code}-${String(i + 1).padStart(2, '0')}`,
              features: deskFeatures(z.key, i + 1),
            })),
          )
          .returning({ id: s.desks.id });
        deskIds[z.key] = rows.map((r) => r.id);
      }
      const [rooms] = await tx
        .insert(s.zones)
        .values({
          centerId: center.id,
          code: 'R',
          name: '회의실·편의시설',
          nameEn: 'Rooms and facilities',
          network: 'internet',
          sortOrder: sort++,
        })
        .returning();
      if (!rooms) throw new Error('zone insert failed');
      await tx.insert(s.desks).values([
        { zoneId: rooms.id, label: '회의실 1', kind: 'meeting_room', capacity: 6, features: ['video', 'monitor'] },
        { zoneId: rooms.id, label: '폰부스 1', kind: 'phone_booth', capacity: 1, features: ['quiet'] },
        ...(c.nursingRoom
          ? [
              {
                zoneId: rooms.id,
                label: '수유실',
                kind: 'nursing_room' as const,
                capacity: 1,
                features: ['sink', 'fridge', 'accessible'],
              },
            ]
          : []),
      ]);
      seededCenters.push({ id: center.id, code: c.code, hours, deskIds });
    }

    // Policies: 서울역 lets people choose any 30-minute range (the others keep half-day blocks).
    // Public holidays need no rows: every center closes on them (src/centers/holidays-kr-2026-2027.json, closuresBetween).
    const today0 = seoulDate(clock.now());
    const station = seededCenters.find((c) => c.code === 'seoul-station');
    if (station)
      await tx.insert(s.centerPolicies).values({ centerId: station.id, deskMode: 'free', roomMode: 'hourly' });

    if (!options.withUsers) return { seeded: true };

    const userIds = new Map<string, number>();
    for (const [i, u] of data.demoUsers.entries()) {
      const [row] = await tx
        .insert(s.users)
        .values({
          username: u.username,
          displayName: u.displayName,
          displayNameEn: u.displayNameEn,
          passwordHash: passwordHashes[i] ?? '',
          role: u.role,
          organisationId: orgId(u.organisation),
          // Demo mail goes to the reserved example.go.kr domain, and to /dev/mail unless SMTP_URL is set.
          email: `${u.username}@example.go.kr`,
          // Demo operators and administrators come enrolled in two-step verification with a
          // published secret (printed at start, and `npm run demo:totp` shows the current code).
          totpSecret: mfaRequired(u.role)
            ? options.needsKey
              ? sealTotpSecret(totpKey(options.needsKey), data.DEMO_TOTP_SECRET)
              : data.DEMO_TOTP_SECRET
            : null,
        })
        .returning({ id: s.users.id });
      if (!row) throw new Error('user insert failed');
      userIds.set(u.username, row.id);
    }
    for (const t of data.teams) {
      const [team] = await tx
        .insert(s.teams)
        .values({
          code: t.code,
          organisationId: orgId(t.organisation),
          name: t.name,
          nameEn: t.nameEn,
          managerId: userIds.get(t.manager),
        })
        .returning({ id: s.teams.id });
      if (!team) throw new Error('team insert failed');
      for (const u of data.demoUsers.filter((d) => d.team === t.code)) {
        await tx
          .update(s.users)
          .set({ teamId: team.id })
          .where(eq(s.users.id, userIds.get(u.username) ?? 0));
      }
    }

    // Public–private centers: a partner's share of one center, and a civilian waiting for approval.
    for (const share of data.partnerShares) {
      const center = seededCenters.find((c) => c.code === share.center);
      if (center)
        await tx.insert(s.partnerShares).values({
          centerId: center.id,
          organisationId: orgId(share.organisation),
          percent: share.percent,
          validFrom: addDaysToDate(today0, -30),
        });
    }
    const citizenId = userIds.get('citizen');
    if (citizenId)
      await tx.insert(s.civilianApprovals).values({
        userId: citizenId,
        organisationId: orgId('seoul'),
        note: '집 근처에서 온라인 강의를 들으려고 합니다.',
        requestedAt: clock.now(),
      });

    // The demo operator runs the three busiest centers; the admin runs all of them by role.
    const operatorId = userIds.get('operator');
    if (operatorId) {
      await tx
        .insert(s.centerOperators)
        .values(
          seededCenters
            .filter((c) => ['seoul-station', 'gwanghwamun', 'dobong'].includes(c.code))
            .map((c) => ({ centerId: c.id, userId: operatorId })),
        );
    }

    // The people the inclusion policy names: a wheelchair user in the disabled-staff pilot (books
    // 14 days further ahead), a parent who needs a nursing room, an older colleague in the simple mode.
    const jimin = userIds.get('han.jimin');
    const haeun = userIds.get('jung.haeun');
    if (jimin && haeun) {
      await tx.insert(s.userNeeds).values([
        { userId: jimin, sealed: seal(needsKey, ['wheelchair', 'height_adjustable', 'near_home']) },
        { userId: haeun, sealed: seal(needsKey, ['nursing_room', 'child_friendly', 'near_home']) },
      ]);
    }
    // Colleagues already booked for the coming days, so the demo shows a living center.
    const plan = [
      { user: 'jung.haeun', center: 'seoul-station', zone: 'government', index: 2, from: '09:00', to: '18:00' },
      { user: 'yoon.youngho', center: 'gwanghwamun', zone: 'internet', index: 1, from: '13:00', to: '18:00' },
      { user: 'kang.doyun', center: 'seoul-station', zone: 'partner', index: 0, from: '09:00', to: '13:00' },
      { user: 'han.jimin', center: 'dobong', zone: 'government', index: 0, from: '09:00', to: '18:00' },
      { user: 'manager', center: 'seoul-station', zone: 'internet', index: 3, from: '14:00', to: '16:00' },
    ];
    const today = seoulDate(clock.now());
    // Through the one admission path, like any booking: the demo obeys the rules it shows
    // (blocks, holidays and closures, weekly hours, holds); a day the rules refuse is left out.
    const values: { deskId: number; userId: number; startsAt: Date }[] = [];
    for (let d = 0; d < 7; d++) {
      const date = addDaysToDate(today, d);
      for (const p of plan) {
        const center = seededCenters.find((c) => c.code === p.center);
        const deskId = center?.deskIds[p.zone]?.[p.index];
        const userId = userIds.get(p.user);
        if (!center || !deskId || !userId) continue;
        const booked = await book(tx, bookDeps, {
          source: 'form',
          actorId: userId,
          personId: userId,
          deskId,
          date,
          start: minute(p.from),
          end: minute(p.to),
          reason: 'demo',
        }).catch((err: unknown) => {
          if (err instanceof DomainError) return undefined;
          throw err;
        });
        if (booked) values.push({ deskId, userId, startsAt: booked.booking.startsAt });
      }
    }

    // Colleagues and two weeks of use, so history, open data and the boards have something to show.
    const colleagues = demoColleagues(64, ['hangang-data', 'nuri-cloud']);
    const colleagueRows = await tx
      .insert(s.users)
      .values(
        colleagues.map((c) => ({
          username: c.username,
          displayName: c.displayName,
          displayNameEn: c.displayNameEn,
          passwordHash: passwordHashes[0] ?? '',
          organisationId: orgId(c.organisation),
        })),
      )
      .returning({ id: s.users.id, username: s.users.username });
    const activity = demoActivity(
      seededCenters.map((c) => ({
        hours: c.hours,
        deskIds: c.deskIds,
        partner: data.centers.find((x) => x.code === c.code)?.partner,
      })),
      colleagueRows.map((r) => ({
        id: r.id,
        organisation: colleagues.find((c) => c.username === r.username)!.organisation,
      })),
      clock.now(),
      new Set(values.map((v) => `${v.deskId}@${seoulDate(v.startsAt)}`)),
    ).map((b) => ({ ...b, createdById: b.userId, cancelledAt: b.status === 'cancelled' ? b.startsAt : null }));
    for (let i = 0; i < activity.length; i += 500) await tx.insert(s.bookings).values(activity.slice(i, i + 500));

    // A pilot programme a week under way, with participants among the people above, so its
    // pages, dashboard and public results show something.
    await seedDemoProgramme(tx, {
      clock,
      needsKey,
      adminId: userIds.get('admin'),
      organisationIds: ['seoul', 'mois', 'sdf'].map(orgId),
      centerIds: seededCenters.filter((c) => ['dobong', 'guro', 'mapo'].includes(c.code)).map((c) => c.id),
      members: [
        ...(jimin ? [{ userId: jimin, groups: ['disabled' as const] }] : []),
        ...(haeun ? [{ userId: haeun, groups: ['parents' as const] }] : []),
        ...colleagueRows
          .filter((r) => colleagues.find((c) => c.username === r.username)?.organisation === 'seoul')
          .slice(0, 10)
          .map((r, i) => ({
            userId: r.id,
            groups: i < 5 ? (['parents'] as const) : i < 8 ? (['older'] as const) : ([] as const),
          })),
      ],
    });

    // A repeating booking (정하은: Tuesdays and Thursdays mornings at 도봉, four weeks) and a
    // waitlist entry (윤영호, for a quiet desk at 서울역 tomorrow afternoon), so both show in the demo.
    const dobong = seededCenters.find((c) => c.code === 'dobong');
    const deskId = dobong?.deskIds.quiet?.[0];
    if (dobong && haeun && deskId) {
      const until = addDaysToDate(today0, 27);
      const weekdays = [2, 4];
      const person = await findSessionUser(tx, haeun);
      if (person) {
        const seriesDeps = { db: tx, clock, events: new LocalBus(), needsKey };
        const request = {
          deskId,
          firstDate: addDaysToDate(today0, 1),
          rrule: weeklyRrule(weekdays, until),
          start: 9 * 60,
          end: 13 * 60,
        };
        const preview = await planSeries(seriesDeps, person, request);
        if (preview.free.length) await bookSeries(seriesDeps, person, request, preview.free);
      }
    }
    // Flexible work plans of the Digital Policy team in every state, for the manager's queue,
    // the team calendar and each employee's history.
    const weekdays = (place: (w: number) => 'hq' | 'home' | 'center', centerId?: number) =>
      [1, 2, 3, 4, 5].map((w) => ({
        weekday: w,
        type: 'choice' as const,
        place: place(w),
        start: 9 * 60,
        end: 18 * 60,
        ...(place(w) === 'center' ? { centerId } : {}),
      }));
    const minjun = userIds.get('employee');
    const planSeeds = [
      {
        user: haeun,
        status: 'approved',
        from: addDaysToDate(today0, -3),
        to: addDaysToDate(today0, 24),
        pattern: weekdays((w) => (w === 3 ? 'center' : w === 5 ? 'home' : 'hq'), dobong?.id),
      },
      {
        user: minjun,
        status: 'submitted',
        from: addDaysToDate(today0, 8),
        to: addDaysToDate(today0, 14),
        pattern: weekdays((w) => (w === 2 ? 'center' : 'hq'), station?.id),
      },
      {
        user: minjun,
        status: 'draft',
        from: addDaysToDate(today0, 15),
        to: addDaysToDate(today0, 21),
        pattern: weekdays(() => 'hq'),
      },
      {
        user: minjun,
        status: 'rejected',
        from: addDaysToDate(today0, -20),
        to: addDaysToDate(today0, -14),
        pattern: weekdays(() => 'home'),
        comment: '주 5일 재택은 어렵습니다. 하루는 본청에 나와 주세요.',
      },
      {
        user: haeun,
        status: 'withdrawn',
        from: addDaysToDate(today0, -40),
        to: addDaysToDate(today0, -34),
        pattern: weekdays(() => 'hq'),
      },
    ];
    const managerId = userIds.get('manager');
    for (const p of planSeeds) {
      if (!p.user) continue;
      const [plan] = await tx
        .insert(s.schedulePlans)
        .values({
          userId: p.user,
          fromDate: p.from,
          toDate: p.to,
          status: p.status,
          pattern: p.pattern,
          comment: p.comment ?? '',
          decidedById: ['approved', 'rejected'].includes(p.status) ? managerId : null,
        })
        .returning({ id: s.schedulePlans.id });
      const steps = {
        draft: ['draft'],
        submitted: ['draft', 'submitted'],
        approved: ['draft', 'submitted', 'approved'],
        rejected: ['draft', 'submitted', 'rejected'],
        withdrawn: ['draft', 'submitted', 'withdrawn'],
      }[p.status] ?? ['draft'];
      await tx.insert(s.planEvents).values(
        steps.map((to, i) => ({
          planId: plan!.id,
          fromStatus: i === 0 ? null : steps[i - 1]!,
          toStatus: to,
          actorId: ['approved', 'rejected'].includes(to) ? managerId : p.user,
          comment: to === 'rejected' ? (p.comment ?? '') : '',
        })),
      );
    }

    const youngho = userIds.get('yoon.youngho');
    if (youngho) await tx.insert(s.uiPreferences).values({ userId: youngho, largeText: true, simpleMode: true });
    if (station && youngho) {
      const tomorrow = addDaysToDate(today0, 1);
      await tx.insert(s.waitlistEntries).values({
        userId: youngho,
        centerId: station.id,
        feature: 'quiet',
        autoBook: true,
        ...bookingInstants(tomorrow, { start: 13 * 60, end: 18 * 60 }),
      });
    }
    return { seeded: true };
  });
}
