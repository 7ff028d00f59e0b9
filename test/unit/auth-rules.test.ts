import { describe, expect, it } from 'vitest';
import { checkTotp, openTotpSecret, sealTotpSecret, totpCode, totpKey } from '../../src/auth/mfa.js';
import { passwordProblem } from '../../src/auth/password-policy.js';
import { describeUserAgent } from '../../src/auth/sessions.js';
import { accountDelayMs, DEFAULT_THROTTLE } from '../../src/auth/sign-in-throttle.js';
import { ConfigError, loadConfig, parseTrustProxy } from '../../src/config.js';

describe('password policy (ASVS 5.0 V6.2, NIST 800-63B)', () => {
  it('refuses what testers used: twelve spaces, aaaaaaaaaaaa, 123456789012', () => {
    expect(passwordProblem('            ')).toBe('trivial');
    expect(passwordProblem('aaaaaaaaaaaa')).toBe('trivial');
    expect(passwordProblem('123456789012')).toBe('trivial');
  });

  it('refuses short, long, common, patterned and username-containing passwords', () => {
    expect(passwordProblem('short pass')).toBe('tooShort');
    expect(passwordProblem('x'.repeat(64) + 'y'.repeat(65))).toBe('tooLong');
    expect(passwordProblem('qwertyuiop12')).toBe('common');
    expect(passwordProblem('1q2w3e4r5t6y')).toBe('common');
    expect(passwordProblem('iloveyou2026!')).toBe('common');
    expect(passwordProblem('abcabcabcabc')).toBe('trivial');
    expect(passwordProblem('abcdefghijklm')).toBe('trivial');
    expect(passwordProblem('987654321098')).toBe('trivial');
    expect(passwordProblem('kim.minjun-is-here', 'kim.minjun')).toBe('containsUsername');
  });

  it('accepts long passphrases with no composition rules, counting characters (Korean too)', () => {
    expect(passwordProblem('correct horse battery staple')).toBeUndefined();
    expect(passwordProblem('smartwork-demo')).toBeUndefined();
    expect(passwordProblem('서울시청 앞 잔디밭 산책')).toBeUndefined();
    // 12 characters, though more bytes: long enough.
    expect(passwordProblem('한강공원에서자전거를타요')).toBeUndefined();
    expect(passwordProblem('한강공원에서자전거')).toBe('tooShort');
  });
});

describe('sign-in throttle', () => {
  it('lets five failures pass, then doubles the delay up to 15 minutes', () => {
    expect([0, 4].map((n) => accountDelayMs(n, DEFAULT_THROTTLE))).toEqual([0, 0]);
    expect([5, 6, 7].map((n) => accountDelayMs(n, DEFAULT_THROTTLE))).toEqual([1000, 2000, 4000]);
    expect(accountDelayMs(40, DEFAULT_THROTTLE)).toBe(15 * 60_000);
  });
});

describe('TRUST_PROXY', () => {
  it('takes addresses, CIDR ranges and Express names, and refuses a hop count or true', () => {
    expect(parseTrustProxy('10.0.0.5, 10.0.1.0/24,loopback,::1,fd00::/8')).toEqual([
      '10.0.0.5',
      '10.0.1.0/24',
      'loopback',
      '::1',
      'fd00::/8',
    ]);
    expect(parseTrustProxy('')).toEqual([]);
    expect(parseTrustProxy('0')).toEqual([]);
    for (const bad of ['1', 'true', '2', '10.0.0.0/33', 'proxy.example']) {
      expect(() => parseTrustProxy(bad), bad).toThrow(ConfigError);
    }
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
  });
});

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vector and accepts one step of drift, never an older step', () => {
    // Secret "12345678901234567890" in base32; at 59 s the 8-digit code is 94287082, 6 digits 287082.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(secret, new Date(59_000))).toBe('287082');
    const now = new Date('2026-12-01T00:00:10Z');
    const code = totpCode(secret, now);
    const step = checkTotp(secret, code, now);
    expect(step).toBe(Math.floor(now.getTime() / 30_000));
    expect(checkTotp(secret, code, new Date(now.getTime() + 30_000))).toBe(step);
    expect(checkTotp(secret, code, new Date(now.getTime() + 90_000))).toBeUndefined();
    expect(checkTotp(secret, code, now, step)).toBeUndefined();
    expect(checkTotp(secret, 'abcdef', now)).toBeUndefined();
  });
});

describe('TOTP secrets at rest', () => {
  it('are sealed with AES-GCM under a key derived for this purpose, and a tampered one does not open', () => {
    const key = totpKey(Buffer.alloc(32, 1));
    const sealed = sealTotpSecret(key, 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openTotpSecret(key, sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openTotpSecret(totpKey(Buffer.alloc(32, 2)), sealed)).toThrow();
    // Secrets stored before sealing are read as they are.
    expect(openTotpSecret(key, 'JBSWY3DPEHPK3PXP')).toBe('JBSWY3DPEHPK3PXP');
  });
});

describe('session list', () => {
  it('names a browser and system from the user agent', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      ),
    ).toEqual({ browser: 'Chrome', os: 'Windows' });
    expect(describeUserAgent(null)).toBeUndefined();
  });
});
