import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie a signed-in browser carries (HttpOnly, SameSite=Strict); its value is no token, and ends with the process. */
export const SESSION_COOKIE = 'briefbot_status';

export type AccessDecision =
  | { allow: true }
  | { allow: false; status: 401; login: true }
  | { allow: false; status: 403; login: false; reason: string };

export interface AccessRequest {
  remoteAddress: string | undefined;
  authorization: string | undefined;
  cookie: string | undefined;
}

/**
 * Who may see the status page. Without a token, only the loopback address (the page is for whoever runs the bot on
 * that machine). With STATUS_TOKEN, anyone holding it: an Authorization: Bearer header, or the session cookie the
 * login form sets. Comparisons take the same time whatever the input.
 */
export class StatusAccess {
  private readonly tokenDigest: Buffer | null;
  private readonly session: string | null;

  constructor(token: string | undefined) {
    this.tokenDigest = token ? digest(token) : null;
    // A session is an HMAC under a key of this process: a cookie says nothing of the token, and a restart ends it.
    this.session = token ? createHmac('sha256', randomBytes(32)).update(token).digest('base64url') : null;
  }

  get needsToken(): boolean {
    return this.tokenDigest !== null;
  }

  decide(req: AccessRequest): AccessDecision {
    if (!this.tokenDigest) {
      return isLoopback(req.remoteAddress)
        ? { allow: true }
        : {
            allow: false,
            status: 403,
            login: false,
            reason: 'The status page is open on the loopback address only (set STATUS_TOKEN to open it with a token).',
          };
    }
    const bearer = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1];
    if (bearer !== undefined && this.tokenMatches(bearer)) return { allow: true };
    const cookie = cookieValue(req.cookie, SESSION_COOKIE);
    if (cookie !== undefined && this.session && sameText(cookie, this.session)) return { allow: true };
    return { allow: false, status: 401, login: true };
  }

  /** Whether a token given (the login form) is the one set. */
  tokenMatches(given: string): boolean {
    return this.tokenDigest !== null && timingSafeEqual(digest(given), this.tokenDigest);
  }

  /** The Set-Cookie header after a good login. */
  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200`;
  }
}

/** Digests first, so that inputs of any length compare in constant time. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function sameText(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').slice(0, 4096).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
