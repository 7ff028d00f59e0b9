import { csrfSync } from 'csrf-sync';

/**
 * The CSRF protection of every form (the synchroniser pattern: one token per session). One
 * instance, so that signing in can give the new session its token at once (see completeSignIn).
 */
export const csrf = csrfSync({
  getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf ?? req.get('x-csrf-token'),
});
