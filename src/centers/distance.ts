/** Great-circle distance in kilometres (haversine; the earth as a 6,371 km sphere). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A rough door-to-door estimate by public transport, with no outside map service: Seoul's
 * subway and buses average about 20 km/h in a straight line once detours are counted, plus
 * 10 minutes for walking and waiting. Honest enough to rank centers; not a route planner.
 */
export function travelMinutes(km: number): number {
  return Math.round(TRANSIT_FIXED_MINUTES + (km / TRANSIT_SPEED_KMH) * 60);
}
/** Straight-line speed of a trip by Seoul's subway and buses, detours counted (see travelMinutes). */
export const TRANSIT_SPEED_KMH = 20;
/** Walking to the stop and waiting, per trip (see travelMinutes). */
export const TRANSIT_FIXED_MINUTES = 10;

/** Centers nearest first; those without a known home keep their order. */
export function byDistance<T extends { lat: number; lng: number }>(
  home: { lat: number; lng: number } | undefined,
  items: readonly T[],
) {
  const withKm = items.map((item) => ({ item, km: home ? distanceKm(home, item) : undefined }));
  return home ? withKm.sort((x, y) => (x.km ?? 0) - (y.km ?? 0)) : withKm;
}

/** Seoul's 25 districts and nearby cities, each at its district office: a home a person can pick without sharing an address. */
export const HOME_AREAS: { code: string; name: string; nameEn: string; lat: number; lng: number }[] = [
  { code: 'jongno', name: '종로구', nameEn: 'Jongno-gu', lat: 37.5735, lng: 126.979 },
  { code: 'jung', name: '중구', nameEn: 'Jung-gu', lat: 37.5641, lng: 126.9979 },
  { code: 'yongsan', name: '용산구', nameEn: 'Yongsan-gu', lat: 37.5324, lng: 126.9906 },
  { code: 'seongdong', name: '성동구', nameEn: 'Seongdong-gu', lat: 37.5634, lng: 127.0369 },
  { code: 'gwangjin', name: '광진구', nameEn: 'Gwangjin-gu', lat: 37.5385, lng: 127.0823 },
  { code: 'dongdaemun', name: '동대문구', nameEn: 'Dongdaemun-gu', lat: 37.5744, lng: 127.0396 },
  { code: 'jungnang', name: '중랑구', nameEn: 'Jungnang-gu', lat: 37.6063, lng: 127.0925 },
  { code: 'seongbuk', name: '성북구', nameEn: 'Seongbuk-gu', lat: 37.5894, lng: 127.0167 },
  { code: 'gangbuk', name: '강북구', nameEn: 'Gangbuk-gu', lat: 37.6396, lng: 127.0257 },
  { code: 'dobong', name: '도봉구', nameEn: 'Dobong-gu', lat: 37.6688, lng: 127.0471 },
  { code: 'nowon', name: '노원구', nameEn: 'Nowon-gu', lat: 37.6542, lng: 127.0568 },
  { code: 'eunpyeong', name: '은평구', nameEn: 'Eunpyeong-gu', lat: 37.6027, lng: 126.9291 },
  { code: 'seodaemun', name: '서대문구', nameEn: 'Seodaemun-gu', lat: 37.5791, lng: 126.9368 },
  { code: 'mapo', name: '마포구', nameEn: 'Mapo-gu', lat: 37.5663, lng: 126.9019 },
  { code: 'yangcheon', name: '양천구', nameEn: 'Yangcheon-gu', lat: 37.517, lng: 126.8664 },
  { code: 'gangseo', name: '강서구', nameEn: 'Gangseo-gu', lat: 37.5509, lng: 126.8495 },
  { code: 'guro', name: '구로구', nameEn: 'Guro-gu', lat: 37.4954, lng: 126.8874 },
  { code: 'geumcheon', name: '금천구', nameEn: 'Geumcheon-gu', lat: 37.4519, lng: 126.902 },
  { code: 'yeongdeungpo', name: '영등포구', nameEn: 'Yeongdeungpo-gu', lat: 37.5264, lng: 126.8962 },
  { code: 'dongjak', name: '동작구', nameEn: 'Dongjak-gu', lat: 37.5124, lng: 126.9393 },
  { code: 'gwanak', name: '관악구', nameEn: 'Gwanak-gu', lat: 37.4784, lng: 126.9516 },
  { code: 'seocho', name: '서초구', nameEn: 'Seocho-gu', lat: 37.4837, lng: 127.0324 },
  { code: 'gangnam', name: '강남구', nameEn: 'Gangnam-gu', lat: 37.5172, lng: 127.0473 },
  { code: 'songpa', name: '송파구', nameEn: 'Songpa-gu', lat: 37.5145, lng: 127.1059 },
  { code: 'gangdong', name: '강동구', nameEn: 'Gangdong-gu', lat: 37.5301, lng: 127.1238 },
  { code: 'goyang', name: '고양시', nameEn: 'Goyang', lat: 37.6584, lng: 126.832 },
  { code: 'seongnam', name: '성남시', nameEn: 'Seongnam', lat: 37.4201, lng: 127.1265 },
  { code: 'bucheon', name: '부천시', nameEn: 'Bucheon', lat: 37.5034, lng: 126.766 },
  { code: 'suwon', name: '수원시', nameEn: 'Suwon', lat: 37.2636, lng: 127.0286 },
  { code: 'uijeongbu', name: '의정부시', nameEn: 'Uijeongbu', lat: 37.7381, lng: 127.0338 },
];
