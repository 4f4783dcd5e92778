import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Session, SessionData } from 'express-session';
import { Role } from '@app/common';

/** Who is signed in to the console: as the API verified their access token. */
export interface ConsoleUser {
  userId: string;
  agencyId: string;
  roles: Role[];
}

declare module 'express-session' {
  interface SessionData {
    user?: ConsoleUser;
    /** The access token the console calls the API with, for this user; never sent to the browser. */
    accessToken?: string;
    /** When the access token expires (milliseconds since the epoch). */
    accessTokenExpires?: number;
    /** The provider's ID token, for its sign-out page. */
    idToken?: string;
    /** The synchroniser token every form of this session carries (`_csrf`). */
    csrfToken?: string;
    /** A sign-in under way: what the provider's answer must match (OIDC state and nonce, the PKCE verifier). */
    signIn?: { state: string; nonce: string; codeVerifier: string };
    /** One message for the next page shown (a GOV.UK notification banner), e.g. "Referral received". */
    flash?: { title: string; text: string };
  }
}

export type ConsoleRequest = Request & { session: Session & Partial<SessionData> };

/** The session's form token, made on first use. */
export function csrfTokenOf(req: ConsoleRequest): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every form post carries the session's token as `_csrf` (the synchroniser token pattern), or it is
 * refused before any handler runs: a page on another site cannot make a signed-in user's browser
 * post to the console. Compared in constant time.
 */
export function requireCsrfToken(onRefused: (req: ConsoleRequest, res: Response) => void) {
  return (req: ConsoleRequest, res: Response, next: NextFunction): void => {
    if (!UNSAFE.has(req.method)) return next();
    const expected = req.session?.csrfToken;
    const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
    if (expected && sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) return next();
    onRefused(req, res);
  };
}
