import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { HttpClient } from './http.js';

export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  sws_roles?: string[];
  sws_org?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in at the provider's next login prompt. */
  signInAs(account: TestAccount): void;
  /** The lifetime of the next authorization codes, in seconds (60 unless changed). */
  codeTtlSeconds: number;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (panva's oidc-provider, the certified implementation) on a random
 * port, with one confidential client and a login step that signs in whichever test account
 * `signInAs` chose, consenting to openid, email and profile. Nothing about it is mocked: the
 * app discovers it, is redirected to it, and redeems codes at its token endpoint.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const accounts = new Map<string, TestAccount>();
  let next: TestAccount | undefined;
  let provider: Provider | undefined;
  const state = { codeTtlSeconds: 60 };
  const server: Server = createServer((req, res) => {
    const handle = async () => {
      if (req.url?.startsWith('/interaction/')) {
        const details = await provider!.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          if (!next) throw new Error('no test account chosen');
          accounts.set(next.sub, next);
          return provider!.interactionFinished(
            req,
            res,
            { login: { accountId: next.sub } },
            { mergeWithLastSubmission: false },
          );
        }
        const grant = new provider!.Grant({
          accountId: details.session!.accountId,
          clientId: details.params.client_id,
        });
        grant.addOIDCScope('openid email profile');
        const grantId = await grant.save();
        return provider!.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
      provider!.callback()(req, res);
    };
    handle().catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'smart-work-seoul';
  const clientSecret = 'a-test-client-secret-of-some-length-0123456789';
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount: async (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account && { accountId: id, claims: async () => ({ ...account }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'sws_roles', 'sws_org'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: { AuthorizationCode: () => state.codeTtlSeconds },
    cookies: { keys: ['test-cookie-key-0123456789'] },
  });
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(account) {
      next = account;
    },
    get codeTtlSeconds() {
      return state.codeTtlSeconds;
    },
    set codeTtlSeconds(value: number) {
      state.codeTtlSeconds = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Follows the provider's redirects (login, consent) with its own cookie jar, from the
 * authorization URL until it sends the browser back to the app; returns that callback URL.
 */
export async function throughProvider(authorizationUrl: string, issuer: string): Promise<URL> {
  const browser = new HttpClient(issuer);
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin !== issuer) return url;
    const res = await browser.get(url.pathname + url.search);
    if (!res.location) throw new Error(`provider answered ${res.status} at ${url.pathname}: ${res.text.slice(0, 300)}`);
    url = new URL(res.location, url);
  }
  throw new Error('too many redirects at the provider');
}
