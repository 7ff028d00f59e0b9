import { describe, expect, it } from 'vitest';
import { byDistance, distanceKm, HOME_AREAS, travelMinutes } from '../../src/centers/distance.js';

const seoulStation = { lat: 37.5547, lng: 126.9707 };
const cityHall = { lat: 37.5663, lng: 126.9779 };
const jamsil = { lat: 37.5133, lng: 127.1028 };

describe('distances between real Seoul places', () => {
  it('measures Seoul Station to City Hall at about 1.4 km and to Jamsil at about 12.5 km', () => {
    expect(distanceKm(seoulStation, cityHall)).toBeCloseTo(1.45, 1);
    expect(distanceKm(seoulStation, jamsil)).toBeGreaterThan(12);
    expect(distanceKm(seoulStation, jamsil)).toBeLessThan(13);
    expect(distanceKm(jamsil, jamsil)).toBe(0);
  });
  it('estimates travel time from distance', () => {
    expect(travelMinutes(0)).toBe(10);
    expect(travelMinutes(10)).toBe(40);
  });
  it('sorts centers nearest first from a home district', () => {
    const dobongHome = HOME_AREAS.find((a) => a.code === 'dobong')!;
    const centers = [
      { name: '잠실', ...jamsil },
      { name: '서울역', ...seoulStation },
      { name: '도봉', lat: 37.6688, lng: 127.0471 },
    ];
    expect(byDistance(dobongHome, centers).map((c) => c.item.name)).toEqual(['도봉', '서울역', '잠실']);
    expect(byDistance(undefined, centers).map((c) => c.item.name)).toEqual(['잠실', '서울역', '도봉']);
  });
});
