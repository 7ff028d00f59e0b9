import { describe, expect, it } from 'vitest';
import { roleFromClaims } from '../../src/auth/oidc-accounts.js';
import { ConfigError, loadConfig, parseRoleMap } from '../../src/config.js';
import { MAIL_TEMPLATES } from '../../src/mail/kinds.js';
import { SECURITY_EVENTS } from '../../src/mail/security.js';
import { deskIdOfCode } from '../../src/web/checkin/routes.js';
import { personCacheKey } from '../../src/web/pwa/routes.js';

describe('role of a new SSO account', () => {
  const settings = { roleClaim: 'groups', roleMap: parseRoleMap(undefined) };
  it('is the highest mapped role, employee when nothing maps or no claim is configured', () => {
    expect(roleFromClaims({ groups: ['employee', 'manager'] }, settings)).toBe('manager');
    expect(roleFromClaims({ groups: 'operator' }, settings)).toBe('operator');
    expect(roleFromClaims({ groups: ['nobody', 42] }, settings)).toBe('employee');
    expect(roleFromClaims({}, settings)).toBe('employee');
    expect(roleFromClaims({ groups: ['manager'] }, { roleMap: settings.roleMap })).toBe('employee');
  });
  it('never gives admin from a claim unless OIDC_ROLE_MAP names it', () => {
    expect(roleFromClaims({ groups: ['admin'] }, settings)).toBe('employee');
    expect(roleFromClaims({ groups: ['__proto__', 'constructor'] }, settings)).toBe('employee');
    const mapped = { roleClaim: 'groups', roleMap: parseRoleMap('sws-admins=admin, sws-ops=operator') };
    expect(roleFromClaims({ groups: ['sws-ops', 'sws-admins'] }, mapped)).toBe('admin');
    expect(roleFromClaims({ groups: ['admin', 'operator'] }, mapped)).toBe('employee');
  });
  it('refuses a malformed map', () => {
    expect(() => parseRoleMap('sws-admins=root')).toThrow(ConfigError);
    expect(() => parseRoleMap('=manager')).toThrow(ConfigError);
    expect(() => parseRoleMap('a=b=manager')).toThrow(ConfigError);
  });
});

describe('OIDC and LOCAL_PASSWORDS configuration', () => {
  const base = { NODE_ENV: 'test' as const };
  it('needs all three of issuer, client id and secret, or none', () => {
    expect(loadConfig(base).oidc).toBeUndefined();
    expect(() => loadConfig({ ...base, OIDC_ISSUER: 'https://login.seoul.go.kr' })).toThrow(/all of OIDC_ISSUER/);
    const config = loadConfig({
      ...base,
      OIDC_ISSUER: 'https://login.seoul.go.kr',
      OIDC_CLIENT_ID: 'sws',
      OIDC_CLIENT_SECRET: 's',
    });
    expect(config.oidc).toMatchObject({ issuer: 'https://login.seoul.go.kr', clientId: 'sws', allowHttp: true });
    expect(config.localPasswords).toBe(true);
  });
  it('refuses LOCAL_PASSWORDS=off without SSO, and plain HTTP issuers in production', () => {
    expect(() => loadConfig({ ...base, LOCAL_PASSWORDS: 'off' })).toThrow(/LOCAL_PASSWORDS=off needs/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        NEEDS_KEY: Buffer.alloc(32, 1).toString('base64'),
        OIDC_ISSUER: 'http://login.seoul.go.kr',
        OIDC_CLIENT_ID: 'sws',
        OIDC_CLIENT_SECRET: 's',
      }),
    ).toThrow(/https/);
  });
});

describe('desk code typed or scanned', () => {
  it('takes the number, or the number of a /checkin/<n> address, and nothing else', () => {
    expect(deskIdOfCode('12')).toBe(12);
    expect(deskIdOfCode(' 12 ')).toBe(12);
    expect(deskIdOfCode('https://smartwork.seoul.go.kr/checkin/12')).toBe(12);
    expect(deskIdOfCode('/checkin/7/')).toBe(7);
    expect(deskIdOfCode('0')).toBeUndefined();
    expect(deskIdOfCode('B-12')).toBeUndefined();
    expect(deskIdOfCode('https://evil.example/checkin/12/../admin')).toBeUndefined();
    expect(deskIdOfCode('12abc')).toBeUndefined();
    expect(deskIdOfCode('')).toBeUndefined();
  });
});

describe('security mail and the offline cache key', () => {
  it('every security event is a mail nobody can turn off', () => {
    for (const template of Object.values(SECURITY_EVENTS)) expect(MAIL_TEMPLATES[template].kind).toBeNull();
  });
  it('keys each person’s saved pages apart, without telling who they are', () => {
    const a = personCacheKey('secret', 1);
    expect(a).toMatch(/^[\w-]{32}$/);
    expect(personCacheKey('secret', 2)).not.toBe(a);
    expect(personCacheKey('other', 1)).not.toBe(a);
  });
});
