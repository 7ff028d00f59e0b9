import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { organisations, users } from '../db/schema.js';
import { DomainError, ValidationError } from '../errors.js';
import { hashPassword } from './password.js';
import { PASSWORD_MAX, passwordProblem } from './password-policy.js';
import { normaliseUsername } from './users.js';

export const newUserSchema = z.object({
  username: z
    .string()
    .transform(normaliseUsername)
    .pipe(z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/)),
  role: z.enum(['employee', 'manager', 'operator', 'admin']),
  displayName: z.string().trim().min(1).max(100),
  organisationCode: z.string().trim().min(1),
  password: z.string().max(PASSWORD_MAX * 4),
});

/** Creates an account (used by the CLI; an admin screen will call the same function). */
export type NewUserInput = { [K in keyof z.input<typeof newUserSchema>]: string };

export async function createUserAccount(db: Database, input: NewUserInput) {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      Object.fromEntries(
        parsed.error.issues.map((i) => [String(i.path[0]), { key: `user.invalid.${String(i.path[0])}` }]),
      ),
    );
  }
  const v = parsed.data;
  const problem = passwordProblem(v.password, v.username);
  if (problem) throw new ValidationError({ password: { key: `password.${problem}` } });
  const [org] = await db.select().from(organisations).where(eq(organisations.code, v.organisationCode));
  if (!org) throw new DomainError('user.unknownOrganisation', { code: v.organisationCode }, 'organisationCode');
  const [row] = await db
    .insert(users)
    .values({
      username: v.username,
      displayName: v.displayName,
      displayNameEn: v.displayName,
      role: v.role,
      organisationId: org.id,
      passwordHash: await hashPassword(v.password),
    })
    .onConflictDoNothing({ target: users.username })
    .returning({ id: users.id, username: users.username });
  if (!row) throw new DomainError('user.exists', { username: v.username }, 'username');
  return row;
}
