// Sign-in at the OIDC provider: the authorization-code flow with PKCE, as a public client (no secret). Only the
// one-time PKCE verifier and state wait in sessionStorage during the redirect; the tokens stay in memory.
const KEY = 'usage-console-pkce';

function random(bytes = 32) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return base64url(a);
}
function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
async function discovery(issuer) {
  const res = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration', { credentials: 'omit' });
  return res.json();
}
const redirectUri = () => location.origin + '/';

export async function signIn(settings) {
  const meta = await discovery(settings.issuer);
  const verifier = random(48);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  sessionStorage.setItem(KEY, JSON.stringify({ verifier, state }));
  const q = new URLSearchParams({ response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(meta.authorization_endpoint + '?' + q);
}

/** After the provider redirected back: exchanges the code for tokens; null when this is no such return. */
export async function completeSignIn(settings) {
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  if (!settings.issuer || !params.has('code') || !saved) return null;
  sessionStorage.removeItem(KEY);
  history.replaceState(null, '', '/');
  if (params.get('state') !== saved.state) return null;
  const meta = await discovery(settings.issuer);
  const res = await fetch(meta.token_endpoint, { method: 'POST', credentials: 'omit',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: settings.clientId, code_verifier: saved.verifier }) });
  if (!res.ok) return null;
  return (await res.json()).access_token || null;
}
