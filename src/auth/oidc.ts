import * as client from 'openid-client';
import type { OidcConfig } from '../config.js';

/** What the sign-in keeps in the session between the redirect to the provider and its answer. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The claims of one person as the provider vouches for them (ID token, completed by the userinfo endpoint). */
export type OidcClaims = Record<string, unknown> & { sub: string; iss: string };

/**
 * The relying party: discovery once (retried after a failure, so a provider that was down at
 * start does not leave SSO broken until a restart), then the authorization code flow with
 * PKCE (S256), state and nonce, all checked by openid-client.
 */
export class OidcRelyingParty {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    readonly settings: OidcConfig,
    /** Where the provider sends people back: PUBLIC_URL + /login/sso/callback, registered at the provider. */
    readonly redirectUri: string,
  ) {}

  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        undefined,
        client.ClientSecretPost(this.settings.clientSecret),
        this.settings.allowHttp && this.settings.issuer.startsWith('http://')
          ? { execute: [client.allowInsecureRequests] }
          : undefined,
      )
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw err;
      });
    return this.discovered;
  }

  /** The provider's sign-in address for a new attempt, and the checks to keep until it answers. */
  async start(): Promise<{ url: URL; checks: OidcChecks }> {
    const configuration = await this.configuration();
    const checks = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    return { url, checks };
  }

  /**
   * Redeems the code of the provider's answer (the query string of the callback) and gives the
   * person's claims. Throws when anything does not check out: state, nonce, PKCE verifier, an
   * expired or reused code, an ID token not signed by the provider or not for this client.
   */
  async finish(query: string, checks: OidcChecks): Promise<OidcClaims> {
    const configuration = await this.configuration();
    const currentUrl = new URL(this.redirectUri);
    currentUrl.search = query;
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token');
    let userinfo: Record<string, unknown> = {};
    if (configuration.serverMetadata().userinfo_endpoint) {
      // The subject must be the ID token's (openid-client checks it), so userinfo cannot swap the person.
      userinfo = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)) };
    }
    return { ...userinfo, ...idClaims, sub: idClaims.sub, iss: idClaims.iss } as OidcClaims;
  }
}
