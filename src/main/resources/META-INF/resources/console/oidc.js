// Sign-in at the OIDC provider: the authorization-code flow with PKCE (S256), as a public client (no secret). Only the
// one-time PKCE verifier and state wait in sessionStorage during the redirect; the tokens stay in this page's memory.
const KEY = 'usage-console-pkce';
let metadata = null;

/** Why signing in or renewing failed: the provider's error code, or what did not match. */
export class SignInError extends Error {}

function random(bytes = 32) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return base64url(a);
}
function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
async function discovery(issuer) {
  if (!metadata) {
    const res = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration', { credentials: 'omit' });
    if (!res.ok) throw new SignInError('discovery: HTTP ' + res.status);
    metadata = await res.json();
  }
  return metadata;
}
// The page itself, registered at the provider as the client's redirect and post-logout redirect URI.
const redirectUri = () => location.origin + '/';

export async function signIn(settings) {
  const meta = await discovery(settings.issuer);
  const verifier = random(48);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  // the provider's metadata waits too: the page it sends the person back to needs no second discovery round trip
  sessionStorage.setItem(KEY, JSON.stringify({ verifier, state, issuer: settings.issuer, meta }));
  const q = new URLSearchParams({ response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(meta.authorization_endpoint + '?' + q);
}

async function tokenRequest(settings, params) {
  const meta = await discovery(settings.issuer);
  const res = await fetch(meta.token_endpoint, { method: 'POST', credentials: 'omit', cache: 'no-store',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: settings.clientId, ...params }) });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.access_token) throw new SignInError(body.error || 'HTTP ' + res.status);
  return { access: body.access_token, id: body.id_token || null, refresh: body.refresh_token || null,
    expiresIn: Number(body.expires_in) || null };
}

/**
 * After the provider sent the person back: exchanges the code for tokens ({access, id, refresh, expiresIn}). Null when
 * this is no return from a sign-in this page started; throws SignInError when the provider refused the sign-in or the
 * code, or the answer does not belong to this page's sign-in.
 */
export async function completeSignIn(settings) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  sessionStorage.removeItem(KEY);
  // the code is single-use: out of the address bar, the history and a reload
  history.replaceState(null, '', location.pathname);
  if (!settings.issuer || !saved) return null;
  if (!metadata && saved.issuer === settings.issuer && saved.meta) metadata = saved.meta;
  if (params.get('state') !== saved.state) throw new SignInError('state');
  if (params.has('error')) throw new SignInError(params.get('error'));
  const meta = await discovery(settings.issuer);
  // RFC 9207: a provider that names itself in the answer must be the one this sign-in went to
  if (params.has('iss') && params.get('iss') !== meta.issuer) throw new SignInError('iss');
  return tokenRequest(settings, { grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
    code_verifier: saved.verifier });
}

/** New tokens for a refresh token; throws SignInError when the provider no longer renews it (the session ended). */
export function renew(settings, refreshToken) {
  return tokenRequest(settings, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/**
 * Ends the session at the provider as well (RP-initiated logout), which sends the person back to the page; false when
 * the provider offers no such endpoint.
 */
export async function signOutAt(settings, idToken) {
  const meta = await discovery(settings.issuer);
  if (!meta.end_session_endpoint) return false;
  const q = new URLSearchParams({ client_id: settings.clientId, post_logout_redirect_uri: redirectUri() });
  if (idToken) q.set('id_token_hint', idToken);
  location.assign(meta.end_session_endpoint + '?' + q);
  return true;
}
