import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAccount } from '../../src/auth/create-user.js';
import { DomainError, ValidationError } from '../../src/errors.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createOrganisation } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.destroy());

describe('creating an account (npm run user:create)', () => {
  it('creates a user who can sign in, and refuses a duplicate, a bad role, a short password', async () => {
    const org = await createOrganisation(t.db);
    const input = {
      username: 'New.Admin',
      role: 'admin',
      displayName: '새 관리자',
      organisationCode: org.code,
      password: 'a-long-enough-password',
    };
    const user = await createUserAccount(t.db, input);
    expect(user.username).toBe('new.admin');
    await t.client().login('NEW.ADMIN', 'a-long-enough-password');
    await expect(createUserAccount(t.db, input)).rejects.toMatchObject({ key: 'user.exists' });
    await expect(createUserAccount(t.db, { ...input, username: 'x2', role: 'root' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(createUserAccount(t.db, { ...input, username: 'x3', password: 'short' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      createUserAccount(t.db, { ...input, username: 'x4', organisationCode: 'nope' }),
    ).rejects.toBeInstanceOf(DomainError);
  });
});
