/**
 * The API reference in Korean: each English text of the OpenAPI document (src/api/openapi.ts)
 * with its Korean, so /api/docs reads in one language. A unit test checks that every text of
 * the document has its Korean here; codes (`type` values, RRULE, header names) stay as they are.
 */
export const API_DOCS_KO: Readonly<Record<string, string>> = {
  // Operations
  'All smart work centers': '모든 스마트워크센터',
  'One center with its zones and rooms': '센터 한 곳과 그 구역, 회의실',
  "A center's bookable desks": '센터에서 예약할 수 있는 좌석',
  "Each desk's free time ranges on a date": '날짜별 좌석마다 비어 있는 시간',
  'Anonymous occupancy now, or an hourly series with from and to (at most 31 days)':
    '지금의 이용 현황(개인 정보 없음). from과 to를 보내면 시간별 추이(최대 31일)',
  'All centers as CSV (UTF-8 with BOM); columns in the data dictionary at /open-data':
    '모든 센터 CSV(UTF-8, BOM 포함). 열 설명은 /open-data의 데이터 사전에 있습니다',
  'Anonymous hourly occupancy of every center for a month, as CSV':
    '모든 센터의 한 달 시간별 이용 현황 CSV(개인 정보 없음)',
  'Create a personal API token with your username and password (shown once)':
    '아이디와 비밀번호로 개인 API 토큰 만들기(토큰은 한 번만 보여 줍니다)',
  'Who the token belongs to': '토큰의 주인',
  'Your bookings and the rooms you are invited to, overlapping a period (default: the next 14 days), with filters and cursor paging':
    '기간(기본: 앞으로 14일)에 걸친 내 예약과 초대받은 회의실. 조건으로 거르고 커서로 나누어 받습니다',
  'Book a desk (same rules as the web form); send Idempotency-Key to retry safely':
    '좌석 예약(웹 화면과 같은 규칙). Idempotency-Key를 보내면 안전하게 다시 보낼 수 있습니다',
  'Your leave and business trips from today on': '오늘부터의 내 휴가와 출장',
  'Record leave or a business trip; it cancels your bookings in it (see them first with dryRun)':
    '휴가나 출장 등록. 그 기간의 예약은 취소됩니다(dryRun으로 먼저 확인하세요)',
  'Remove one of your absences (cancelled bookings stay cancelled)':
    '휴가·출장 하나 지우기(취소된 예약은 되살아나지 않습니다)',
  'Where you are waiting for a desk': '좌석을 기다리는 곳',
  'Wait in line for a desk at a center (only when none you may use is free for that time)':
    '센터의 좌석 대기하기(그 시간에 쓸 수 있는 빈 좌석이 없을 때만)',
  'Leave the waitlist': '대기 그만두기',
  'Your flexible-work plans, newest first': '내 유연근무 계획(최근 것부터)',
  'Check a plan against the rules (dryRun) or save it as a draft':
    '계획이 규칙에 맞는지 확인(dryRun)하거나 임시로 저장하기',
  'One of your plans with the rules’ verdict': '내 계획 하나와 규칙 확인 결과',
  'Submit a draft for your manager’s decision (the rules must hold; plans may not overlap)':
    '임시 저장한 계획을 관리자에게 제출(규칙에 맞아야 하고, 기간이 겹치면 안 됩니다)',
  'Withdraw a draft or a submitted plan': '임시 저장했거나 제출한 계획 거두기',
  'Plans waiting for your decision (your teams, and teams delegated to you today; never your own)':
    '내가 결정할 계획(내 팀과 오늘 위임받은 팀. 내 계획은 제외)',
  'Approve or reject a plan (approval books its center days through the booking rules)':
    '계획 승인 또는 반려(승인하면 센터 근무일을 예약 규칙대로 예약합니다)',
  'Where the people of your teams work each day of a week (planned, or where they checked in)':
    '한 주 동안 팀원이 날마다 일하는 곳(계획, 또는 실제 입실한 곳)',
  'Book a repeating desk (an RFC 5545 RRULE from the first occurrence), or preview it with dryRun':
    '반복 좌석 예약(첫 예약부터의 RFC 5545 RRULE). dryRun으로 미리 보기',
  'One of your repeating bookings with its occurrences': '내 반복 예약 하나와 그 날짜들',
  'Cancel the occurrences from a date on (all not yet started without `from`); one occurrence: DELETE /bookings/{id}':
    '어느 날부터의 반복 예약 취소(`from`이 없으면 시작하지 않은 것 모두). 하루만 취소: DELETE /bookings/{id}',
  'One of your bookings as iCalendar (UID stable, SEQUENCE rises with every change)':
    '내 예약 하나를 iCalendar로(UID는 그대로, 바뀔 때마다 SEQUENCE가 커집니다)',
  "Check in to your booking within the center's check-in window": '센터의 입실 확인 시간 안에 입실하기',
  'Leave early: the booking ends now and the rest of its time is free':
    '일찍 나가기: 예약을 지금 끝내고 남은 시간은 다른 분이 씁니다',
  'Your bookings from 30 days ago to 120 days ahead as an iCalendar feed':
    '30일 전부터 120일 뒤까지의 내 예약 iCalendar 피드',
  'One of your bookings, or a room you are invited to (what the Location of a new booking names)':
    '내 예약 하나, 또는 초대받은 회의실(새 예약의 Location이 가리키는 것)',
  'Move or shorten one of your bookings (same rules as booking; the old slot stays if the new one is refused)':
    '내 예약 옮기기나 줄이기(예약과 같은 규칙. 새 시간이 안 되면 원래 예약은 그대로)',
  'Cancel one of your bookings': '내 예약 하나 취소',
  // Responses
  'The centers': '센터 목록',
  'Malformed request (e.g. control characters in a value)': '잘못된 요청(예: 값에 제어 문자)',
  'Too many requests from this address (see the RateLimit headers)':
    '이 주소에서 요청이 너무 많습니다(RateLimit 헤더 참고)',
  'Temporarily unavailable (the database cannot be reached, or the request ran past its deadline)':
    '잠시 쓸 수 없음(데이터베이스에 연결할 수 없거나 처리 시간이 넘었습니다)',
  'The center': '센터',
  'No such center': '그런 센터가 없습니다',
  'The desks': '좌석 목록',
  'Free ranges per desk': '좌석마다 비어 있는 시간',
  'Missing, unknown, expired or revoked token': '토큰이 없거나, 모르는 토큰이거나, 기한이 지났거나, 폐기되었습니다',
  'Invalid query': '잘못된 조회 조건',
  'Occupancy now, or a series when from and to are given': '지금의 이용 현황, 또는 from과 to가 있으면 추이',
  CSV: 'CSV',
  'Invalid month': '잘못된 달',
  'The new token': '새 토큰',
  'Malformed JSON': 'JSON 형식이 잘못되었습니다',
  'Wrong username or password': '아이디나 비밀번호가 틀렸습니다',
  'Invalid fields': '잘못된 항목',
  'You, and what you may book': '나, 그리고 내가 예약할 수 있는 것',
  'Your bookings, oldest first, a page at a time': '내 예약(오래된 것부터, 한 쪽씩)',
  Booked: '예약됨',
  'zone-not-allowed, held-for-needs, no-show-hold, partner-quota or civilian-not-approved (see `type`)':
    'zone-not-allowed, held-for-needs, no-show-hold, partner-quota, civilian-not-approved 가운데 하나(`type` 참고)',
  'Published pilot programme results: anonymous totals, groups under 5 people withheld':
    '공개된 시범사업 결과: 개인 정보 없는 합계. 5명 미만 집단은 공개하지 않습니다',
  'Every published programme': '공개된 모든 시범사업',
  "One pilot programme's published results": '시범사업 한 건의 공개 결과',
  'The published results': '공개된 결과',
  'No such published programme': '공개된 시범사업 가운데 그런 사업이 없습니다',
  'desk-taken or own-overlap; or the same Idempotency-Key is still being processed':
    'desk-taken 또는 own-overlap. 또는 같은 Idempotency-Key의 요청을 아직 처리하고 있습니다',
  'Body too large': '본문이 너무 큽니다',
  'A rule is broken: see `type` (beyond-horizon, closed, outside-block…) and `errors`':
    '규칙에 맞지 않습니다: `type`(beyond-horizon, closed, outside-block…)과 `errors` 참고',
  'Your absences': '내 휴가·출장',
  'dryRun: the bookings it would cancel': 'dryRun: 취소될 예약',
  'Recorded; these bookings were cancelled': '등록했습니다. 이 예약들은 취소되었습니다',
  'Invalid dates or kind': '날짜나 종류가 잘못되었습니다',
  Removed: '지웠습니다',
  'No absence of yours with this id': '이 번호의 내 휴가·출장이 없습니다',
  'Your waiting entries': '내 대기 목록',
  Waiting: '대기 중',
  'A matching desk is free: book it instead': '맞는 좌석이 비어 있습니다. 대기 대신 예약하세요',
  'A range no booking at that center could have (closed, off-step, past…)':
    '그 센터에서는 예약할 수 없는 시간(휴무, 30분 단위가 아님, 지난 시간…)',
  Left: '대기를 그만두었습니다',
  'No waiting entry of yours with this id': '이 번호의 내 대기가 없습니다',
  'Your plans': '내 계획',
  'dryRun: the rules’ verdict; nothing saved': 'dryRun: 규칙 확인 결과. 저장하지 않았습니다',
  'Saved as a draft (with the rules’ verdict: submit it once `check.ok`)':
    '임시로 저장했습니다(규칙 확인 결과 포함. `check.ok`이면 제출하세요)',
  'Malformed JSON or dates outside the supported range': 'JSON 형식이 잘못되었거나 날짜가 지원 범위 밖입니다',
  'Fields that are not what the schema says': '스키마와 다른 항목',
  'The plan': '계획',
  'No plan of yours with this id': '이 번호의 내 계획이 없습니다',
  Submitted: '제출했습니다',
  'Not a draft, or it overlaps another plan of yours': '임시 저장 상태가 아니거나 내 다른 계획과 겹칩니다',
  'The plan breaks a rule: check it first': '계획이 규칙에 맞지 않습니다. 먼저 확인하세요',
  Withdrawn: '거두었습니다',
  'Already decided': '이미 결정되었습니다',
  'Waiting plans': '결정을 기다리는 계획',
  Decided: '결정했습니다',
  'Not your team, or your own plan': '내 팀이 아니거나 내 계획입니다',
  'No such plan': '그런 계획이 없습니다',
  'Not waiting for a decision, or overlapping another approved plan':
    '결정을 기다리는 계획이 아니거나 승인된 다른 계획과 겹칩니다',
  'Invalid decision': '잘못된 결정',
  'The week': '한 주',
  'Invalid date': '잘못된 날짜',
  'dryRun: what would be booked, and why not the rest': 'dryRun: 예약될 날짜와, 나머지가 안 되는 까닭',
  'Booked the occurrences that pass every rule; `refused` says why not the others':
    '모든 규칙에 맞는 날짜를 예약했습니다. 나머지가 안 된 까닭은 `refused`에 있습니다',
  'zone-not-allowed': 'zone-not-allowed(쓸 수 없는 구역)',
  'No such desk': '그런 좌석이 없습니다',
  'An invalid RRULE, or no occurrence can be booked': 'RRULE이 잘못되었거나 예약할 수 있는 날이 없습니다',
  'The series': '반복 예약',
  'No series of yours with this id': '이 번호의 내 반복 예약이 없습니다',
  'How many occurrences were cancelled': '취소한 날짜 수',
  iCalendar: 'iCalendar',
  'No booking of yours with this id': '이 번호의 내 예약이 없습니다',
  'Checked in': '입실했습니다',
  'Too early, too late, or not waiting for check-in': '너무 이르거나 늦었거나, 입실을 기다리는 예약이 아닙니다',
  'Checked out': '퇴실했습니다',
  'Not checked in': '입실하지 않았습니다',
  'The booking': '예약',
  Changed: '바꾸었습니다',
  'desk-taken, own-overlap, or the booking is over or cancelled':
    'desk-taken, own-overlap, 또는 끝났거나 취소된 예약입니다',
  'A rule is broken: see `type` and `errors`': '규칙에 맞지 않습니다: `type`과 `errors` 참고',
  Cancelled: '취소했습니다',
  'Already cancelled, or over': '이미 취소되었거나 끝났습니다',
  // Parameters
  'Defaults to today in Seoul': '없으면 오늘(서울 시각)',
  'Start of a series (with `to`); omit both for the occupancy now':
    '추이의 시작(`to`와 함께). 둘 다 없으면 지금의 이용 현황',
  'RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00, from 2000-01-01 to 2100-12-31':
    '시간대를 붙인 RFC 3339 일시(예: 2026-12-01T09:00:00+09:00), 2000-01-01부터 2100-12-31까지',
  'YYYY-MM, from 2000-01 to 2100-12': 'YYYY-MM, 2000-01부터 2100-12까지',
  'Bookings ending after this instant; defaults to now': '이 시각 뒤에 끝나는 예약. 없으면 지금',
  'Bookings starting before this instant; defaults to 14 days after `from`':
    '이 시각 전에 시작하는 예약. 없으면 `from`의 14일 뒤',
  'Comma-separated statuses, e.g. booked,checked_in': '쉼표로 나눈 상태(예: booked,checked_in)',
  'Page size, 1–100 (default 50)': '한 쪽에 담을 수, 1–100(기본 50)',
  'The `next` value of the previous page': '앞 쪽의 `next` 값',
  'Any unique string (up to 200 visible ASCII characters); a retry with the same key and body returns the first response':
    '겹치지 않는 아무 문자열(보이는 ASCII 200자까지). 같은 키와 본문으로 다시 보내면 처음 응답을 돌려줍니다',
  'Any day of the week; defaults to today': '그 주의 아무 날. 없으면 오늘',
  'YYYY-MM-DD': 'YYYY-MM-DD',
  // Schema fields
  'A URI reference naming the kind of problem': '문제의 종류를 나타내는 URI',
  'held-for-needs: when anyone may book the desk or room': 'held-for-needs: 누구나 예약할 수 있게 되는 때',
  'beyond-horizon: the last date you can book now': 'beyond-horizon: 지금 예약할 수 있는 마지막 날',
  'weekly-limit: desk hours you have left this week': 'weekly-limit: 이번 주에 남은 좌석 이용 시간',
  'outside-block: the blocks this resource is booked in, as local HH:MM-HH:MM':
    'outside-block: 이 좌석·공간의 예약 단위(현지 시각 HH:MM-HH:MM)',
  'no-show-hold: until when you can book only for today': 'no-show-hold: 당일 예약만 할 수 있는 기한',
  '1 = Monday … 7 = Sunday': '1 = 월요일 … 7 = 일요일',
  'Local time in Asia/Seoul, HH:MM': '서울 현지 시각, HH:MM',
  'Bookable desks (rooms not included)': '예약할 수 있는 좌석(회의실 등 제외)',
  'Desk features and room kinds found at the center': '센터에 있는 좌석 특징과 공간 종류',
  'Reserved for the staff of one private partner organisation': '민간 협력기관 한 곳의 직원만 쓰는 구역',
  'free: any range on the 30-minute steps; half_day: one of the blocks morning, afternoon or day; whole_day: the day block; hourly: whole hours':
    'free: 30분 단위의 아무 시간, half_day: 오전·오후·종일 가운데 하나, whole_day: 종일, hourly: 정시 단위',
  'Bookings start and end on these steps (free mode)': '예약은 이 단위로 시작하고 끝납니다(free 방식)',
  'The blocks of half_day and whole_day modes, clipped to the day’s opening hours':
    'half_day와 whole_day 방식의 예약 단위(그날 운영 시간에 맞춤)',
  'How many days ahead anyone may book (pilot programmes may add days: see GET /me)':
    '며칠 앞까지 예약할 수 있는지(시범 사업으로 늘어날 수 있습니다: GET /me 참고)',
  'Desk hours a person may hold in one ISO week': '한 사람이 한 주(ISO 주)에 예약할 수 있는 좌석 시간',
  'A booking not checked in by then is released as a no-show': '이때까지 입실하지 않은 예약은 미이용으로 풀립니다',
  'Accessible desks and nursing rooms are held for people who need them until this many hours before the slot':
    '접근성 좌석과 수유실은 이용 시각 이 시간 전까지 필요한 분을 위해 남겨 둡니다',
  'A calendar date in Asia/Seoul, YYYY-MM-DD': '서울 날짜, YYYY-MM-DD',
  'Closures and public holidays in the next 90 days': '앞으로 90일 안의 휴무일과 공휴일',
  'Held for people with that need until the center’s heldReleaseHours before each slot':
    '이용 시각의 heldReleaseHours 전까지 그 필요가 있는 분을 위해 남겨 둡니다',
  'RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+09:00':
    '시간대를 붙인 RFC 3339 일시(예: 2026-12-01T09:00:00+09:00)',
  'Opening hours that day; null when closed': '그날 운영 시간. 쉬는 날은 null',
  'Set when a closure or public holiday closes the center that day (then `open` is null and nothing is free)':
    '휴무일이나 공휴일로 쉬는 날에 있는 값(이때 `open`은 null이고 빈 좌석이 없습니다)',
  'What the token is for, e.g. "my calendar script"': '토큰을 쓰는 곳(예: "내 일정 스크립트")',
  'Shown once; send as Authorization: Bearer <token>':
    '한 번만 보여 줍니다. Authorization: Bearer <token>으로 보내세요',
  'What you may book, by the same rules POST /bookings applies':
    'POST /bookings와 같은 규칙으로 본, 내가 예약할 수 있는 것',
  'A meeting room booking’s title': '회의실 예약의 제목',
  'Usernames invited to a meeting room': '회의실에 초대한 사람의 아이디',
  'You made it; you are invited to it; or your manager booked it for you':
    '내가 만든 예약, 초대받은 예약, 또는 관리자가 나 대신 한 예약',
  'The repeating booking this is an occurrence of': '이 예약이 속한 반복 예약',
  'Meeting rooms: required; what the meeting is': '회의실: 꼭 적습니다. 무슨 회의인지',
  'Meeting rooms: usernames of the people invited (the room’s capacity counts you too)':
    '회의실: 초대할 사람의 아이디(정원에는 나도 들어갑니다)',
  'Another desk; defaults to the same one': '다른 좌석. 없으면 같은 좌석',
  'The first occurrence’s start': '첫 예약의 시작',
  'The first occurrence’s end (same day)': '첫 예약의 끝(같은 날)',
  'An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=WE;UNTIL=20261231T235959Z. At most daily, 92 days and 200 occurrences; each occurrence must also be within your horizon':
    'RFC 5545 RRULE(예: FREQ=WEEKLY;BYDAY=WE;UNTIL=20261231T235959Z). 하루 한 번, 92일, 200번까지이며 날마다 예약 가능 기간 안이어야 합니다',
  'Only say which occurrences would be booked, and why not the others':
    '예약될 날짜와 나머지가 안 되는 까닭만 알려 주기',
  'A calendar date in Asia/Seoul, YYYY-MM-DD, from 2000-01-01 to 2100-12-31':
    '서울 날짜, YYYY-MM-DD, 2000-01-01부터 2100-12-31까지',
  'Only list the bookings that recording it would cancel': '등록하면 취소될 예약만 보여 주기',
  'true (default): book a freed desk for you at once; false: offer it to you for 30 minutes':
    'true(기본): 좌석이 비면 바로 예약, false: 30분 동안 예약할 기회를 드림',
  '1 = Monday … 7 = Sunday; days off are left out': '1 = 월요일 … 7 = 일요일. 쉬는 날은 빼고 보냅니다',
  'Where the day is worked; with `remote`, the office part of a day split by the hour':
    '그날 일하는 곳. `remote`가 있으면 시간 단위로 나눈 날의 사무실 부분',
  'The smart work center, when place is center': 'place가 center일 때의 스마트워크센터',
  'Remote work by the hour on an office day': '사무실 근무일의 시간 단위 원격근무',
  'The weekly pattern, repeated over the period': '기간 동안 되풀이하는 한 주의 근무 방식',
  'Discretionary work: the project': '재량근무: 과제',
  'Discretionary work: the expected outcome': '재량근무: 기대하는 결과',
  'Only check against the rules; save nothing': '규칙 확인만 하고 저장하지 않기',
  'The decision’s comment': '결정 의견',
  'Whether the plan meets every rule and can be submitted': '계획이 모든 규칙에 맞아 제출할 수 있는지',
  'Full time, or your contracted hours': '전일제, 또는 약정한 근무 시간',
  'Pass as `cursor` for the next page; null on the last page':
    '다음 쪽을 받을 때 `cursor`로 보냅니다. 마지막 쪽이면 null',
};

/** Where a parameter goes, in Korean. */
export const PARAMETER_PLACES_KO: Readonly<Record<string, string>> = {
  path: '경로',
  query: '쿼리',
  header: '헤더',
  cookie: '쿠키',
};
