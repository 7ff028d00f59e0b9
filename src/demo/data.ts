// Demo data: real-looking centers in and around Seoul. Addresses and coordinates are plausible, not official.

export const DEMO_PASSWORD = 'smartwork-demo';
/**
 * The authenticator-app secret (base32) of the demo operator and administrator, who need a second
 * factor to sign in. Public, like the demo password: demo accounts exist only outside production.
 */
export const DEMO_TOTP_SECRET = 'KRUGS4ZAMFZGKIDEMVWW6IDPNZWHSIDB';

export const organisations = [
  // hqLat/hqLng: where each headquarters stands (commute estimates of pilot programmes).
  {
    code: 'seoul',
    name: '서울특별시',
    nameEn: 'Seoul Metropolitan Government',
    kind: 'public',
    hqLat: 37.5663,
    hqLng: 126.9779,
  },
  {
    code: 'mois',
    name: '행정안전부',
    nameEn: 'Ministry of the Interior and Safety',
    kind: 'public',
    hqLat: 37.5752,
    hqLng: 126.9754,
  },
  {
    code: 'sdf',
    name: '서울디지털재단',
    nameEn: 'Seoul Digital Foundation',
    kind: 'public',
    hqLat: 37.5794,
    hqLng: 126.8896,
  },
  {
    code: 'hangang-data',
    name: '한강데이터(주)',
    nameEn: 'Hangang Data Co., Ltd.',
    kind: 'private',
    hqLat: 37.5219,
    hqLng: 126.9245,
  },
  {
    code: 'nuri-cloud',
    name: '누리클라우드(주)',
    nameEn: 'Nuri Cloud Inc.',
    kind: 'private',
    hqLat: 37.4012,
    hqLng: 127.1086,
  },
  { code: 'seoul-citizens', name: '시민 이용자', nameEn: 'Civilian users', kind: 'civilian' },
] as const;

export const teams = [
  {
    code: 'seoul-digital-policy',
    organisation: 'seoul',
    name: '디지털정책과',
    nameEn: 'Digital Policy Division',
    manager: 'manager',
  },
  {
    code: 'seoul-welfare-policy',
    organisation: 'seoul',
    name: '복지정책과',
    nameEn: 'Welfare Policy Division',
    manager: 'manager',
  },
  {
    code: 'seoul-smartwork-ops',
    organisation: 'seoul',
    name: '스마트워크운영팀',
    nameEn: 'Smart Work Operations Team',
    manager: 'admin',
  },
] as const;

type Role = 'employee' | 'manager' | 'operator' | 'admin' | 'partner_admin';
export const demoUsers: {
  username: string;
  displayName: string;
  displayNameEn: string;
  role: Role;
  organisation: string;
  team?: string;
  about: string;
}[] = [
  {
    username: 'employee',
    displayName: '김민준',
    displayNameEn: 'Kim Minjun',
    role: 'employee',
    organisation: 'seoul',
    team: 'seoul-digital-policy',
    about: '직원 · employee',
  },
  {
    username: 'manager',
    displayName: '이서연',
    displayNameEn: 'Lee Seoyeon',
    role: 'manager',
    organisation: 'seoul',
    team: 'seoul-digital-policy',
    about: '디지털정책과장 · manager of the Digital Policy team',
  },
  {
    username: 'operator',
    displayName: '박지훈',
    displayNameEn: 'Park Jihoon',
    role: 'operator',
    organisation: 'seoul',
    team: 'seoul-smartwork-ops',
    about: '센터 운영자 · center operator',
  },
  {
    username: 'admin',
    displayName: '최유나',
    displayNameEn: 'Choi Yuna',
    role: 'admin',
    organisation: 'seoul',
    team: 'seoul-smartwork-ops',
    about: '시스템 관리자 · administrator',
  },
  {
    username: 'jung.haeun',
    displayName: '정하은',
    displayNameEn: 'Jung Haeun',
    role: 'employee',
    organisation: 'seoul',
    team: 'seoul-digital-policy',
    about: '육아 중인 직원 · parent of a toddler',
  },
  {
    username: 'han.jimin',
    displayName: '한지민',
    displayNameEn: 'Han Jimin',
    role: 'employee',
    organisation: 'seoul',
    team: 'seoul-welfare-policy',
    about: '휠체어 사용 직원 · wheelchair user',
  },
  {
    username: 'yoon.youngho',
    displayName: '윤영호',
    displayNameEn: 'Yoon Youngho',
    role: 'employee',
    organisation: 'mois',
    about: '행정안전부 고령 직원 · senior staff, Ministry of the Interior',
  },
  {
    username: 'kang.doyun',
    displayName: '강도윤',
    displayNameEn: 'Kang Doyun',
    role: 'employee',
    organisation: 'hangang-data',
    about: '협력기관 직원 · private partner staff (Hangang Data)',
  },
  {
    username: 'partner.admin',
    displayName: '오세진',
    displayNameEn: 'Oh Sejin',
    role: 'partner_admin',
    organisation: 'hangang-data',
    about: '협력기관 관리자 · partner administrator (Hangang Data; 30% of Gwanghwamun)',
  },
  {
    username: 'citizen',
    displayName: '임다은',
    displayNameEn: 'Lim Daeun',
    role: 'employee',
    organisation: 'seoul-citizens',
    about: '시민 이용자(승인 대기) · civilian awaiting approval',
  },
];

/** Public–private centers: Hangang Data's share of 광화문's desks (a cap, see docs/partners.md). */
export const partnerShares = [{ organisation: 'hangang-data', center: 'gwanghwamun', percent: 30 }] as const;

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens, closes }));

export interface CenterSeed {
  code: string;
  name: string;
  nameEn: string;
  district: string;
  districtEn: string;
  address: string;
  addressEn: string;
  lat: number;
  lng: number;
  phone: string;
  hours: { weekday: number; opens: string; closes: string }[];
  /** Desks per zone: government network, internet, quiet (0 for none), partner (0 for none). */
  desks: { government: number; internet: number; quiet: number; partner: number };
  partner?: string;
  nursingRoom: boolean;
}

export const centers: CenterSeed[] = [
  {
    code: 'seoul-station',
    name: '서울역 스마트워크센터',
    nameEn: 'Seoul Station Smart Work Center',
    district: '중구',
    districtEn: 'Jung-gu',
    address: '서울특별시 중구 한강대로 405 서울역 4층',
    addressEn: '4F Seoul Station, 405 Hangang-daero, Jung-gu, Seoul',
    lat: 37.5547,
    lng: 126.9707,
    phone: '02-2133-1401',
    hours: [...weekdays('07:00', '22:00'), { weekday: 6, opens: '09:00', closes: '18:00' }],
    desks: { government: 18, internet: 16, quiet: 8, partner: 8 },
    partner: 'hangang-data',
    nursingRoom: true,
  },
  {
    code: 'gwanghwamun',
    name: '광화문 스마트워크센터',
    nameEn: 'Gwanghwamun Smart Work Center',
    district: '종로구',
    districtEn: 'Jongno-gu',
    address: '서울특별시 종로구 세종대로 209 정부서울청사 별관 2층',
    addressEn: '2F Annex, Government Complex Seoul, 209 Sejong-daro, Jongno-gu, Seoul',
    lat: 37.5753,
    lng: 126.975,
    phone: '02-2133-1402',
    hours: weekdays('08:00', '20:00'),
    desks: { government: 14, internet: 10, quiet: 6, partner: 0 },
    nursingRoom: true,
  },
  {
    code: 'dobong',
    name: '도봉 스마트워크센터',
    nameEn: 'Dobong Smart Work Center',
    district: '도봉구',
    districtEn: 'Dobong-gu',
    address: '서울특별시 도봉구 마들로 656 도봉구민회관 3층',
    addressEn: '3F Dobong Community Hall, 656 Madeul-ro, Dobong-gu, Seoul',
    lat: 37.6688,
    lng: 127.0471,
    phone: '02-2133-1403',
    hours: weekdays('08:00', '22:00'),
    desks: { government: 8, internet: 8, quiet: 4, partner: 4 },
    partner: 'nuri-cloud',
    nursingRoom: true,
  },
  {
    code: 'guro',
    name: '구로디지털 스마트워크센터',
    nameEn: 'Guro Digital Smart Work Center',
    district: '구로구',
    districtEn: 'Guro-gu',
    address: '서울특별시 구로구 디지털로 300 지밸리센터 11층',
    addressEn: '11F G-Valley Center, 300 Digital-ro, Guro-gu, Seoul',
    lat: 37.4851,
    lng: 126.897,
    phone: '02-2133-1404',
    hours: weekdays('07:00', '22:00'),
    desks: { government: 12, internet: 14, quiet: 6, partner: 8 },
    partner: 'nuri-cloud',
    nursingRoom: false,
  },
  {
    code: 'jamsil',
    name: '잠실 스마트워크센터',
    nameEn: 'Jamsil Smart Work Center',
    district: '송파구',
    districtEn: 'Songpa-gu',
    address: '서울특별시 송파구 올림픽로 300 송파구청 별관 5층',
    addressEn: '5F Annex, Songpa-gu Office, 300 Olympic-ro, Songpa-gu, Seoul',
    lat: 37.5133,
    lng: 127.1028,
    phone: '02-2133-1405',
    hours: weekdays('08:00', '21:00'),
    desks: { government: 10, internet: 10, quiet: 4, partner: 0 },
    nursingRoom: true,
  },
  {
    code: 'mapo',
    name: '상암 스마트워크센터',
    nameEn: 'Sangam Smart Work Center',
    district: '마포구',
    districtEn: 'Mapo-gu',
    address: '서울특별시 마포구 월드컵북로 396 누리꿈스퀘어 8층',
    addressEn: '8F Nuri Dream Square, 396 World Cup buk-ro, Mapo-gu, Seoul',
    lat: 37.5794,
    lng: 126.8895,
    phone: '02-2133-1406',
    hours: weekdays('08:00', '22:00'),
    desks: { government: 10, internet: 12, quiet: 0, partner: 6 },
    partner: 'hangang-data',
    nursingRoom: false,
  },
  {
    code: 'bundang',
    name: '분당 스마트워크센터',
    nameEn: 'Bundang Smart Work Center',
    district: '성남시 분당구',
    districtEn: 'Bundang-gu, Seongnam',
    address: '경기도 성남시 분당구 성남대로 343 정자역 2층',
    addressEn: '2F Jeongja Station, 343 Seongnam-daero, Bundang-gu, Seongnam, Gyeonggi',
    lat: 37.3671,
    lng: 127.1079,
    phone: '031-729-1407',
    hours: weekdays('08:00', '20:00'),
    desks: { government: 8, internet: 8, quiet: 4, partner: 0 },
    nursingRoom: true,
  },
  {
    code: 'ilsan',
    name: '일산 스마트워크센터',
    nameEn: 'Ilsan Smart Work Center',
    district: '고양시 일산동구',
    districtEn: 'Ilsandong-gu, Goyang',
    address: '경기도 고양시 일산동구 중앙로 1036 고양종합운동장 인근 3층',
    addressEn: '3F, 1036 Jungang-ro, Ilsandong-gu, Goyang, Gyeonggi',
    lat: 37.6584,
    lng: 126.77,
    phone: '031-909-1408',
    hours: weekdays('08:00', '20:00'),
    desks: { government: 8, internet: 12, quiet: 0, partner: 0 },
    nursingRoom: false,
  },
];
