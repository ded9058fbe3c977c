// The pages' one way to the HTTP API: JSON in and out, the session cookie, the antiforgery header on every change,
// problem details turned into errors that name their fields, and a signed-out session sent back to its sign-in page.

import { problemText } from './texts.js';

/**
 * A refusal from the API: its status, its reason and the errors per field (HTTP 400), in the page's language where the
 * problem carries texts (`text`, `fieldTexts`), else as the server wrote them.
 */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(problem?.text, problem?.detail || problem?.title) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.fieldErrors = Object.fromEntries(Object.entries(problem?.errors ?? {}).map(([field, messages]) =>
      [field, [].concat(messages).map((message, index) => problemText(problem?.fieldTexts?.[field]?.[index], message))]));
  }
}

let antiforgery = null;
let signInPage = '/signin/';

/** Where an expired or missing session sends the browser (the party pages have their own sign-in). */
export function useSignInPage(path) { signInPage = path; }

async function antiforgeryHeader() {
  if (!antiforgery) {
    const response = await fetch('/auth/antiforgery', { headers: { Accept: 'application/json' } });
    if (response.ok) { antiforgery = await response.json(); }
  }
  return antiforgery ? { [antiforgery.headerName]: antiforgery.token } : {};
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try { return await response.json(); } catch { /* an empty or broken body: the status says enough */ }
  }
  return { title: `HTTP ${response.status}` };
}

function goToSignIn() {
  const back = encodeURIComponent(location.pathname + location.search + location.hash);
  location.assign(`${signInPage}?return=${back}`);
}

/**
 * Calls the API. `body` is sent as JSON; `content` (a Blob, File or FormData) as it is, with its own type.
 * Returns the parsed JSON (null for 202/204), or throws ApiError. A 401 sends the browser to its sign-in page
 * unless `signedOutIsError` is set.
 */
export async function api(path, { method = 'GET', body, content, contentType, signedOutIsError = false } = {}) {
  const changes = !['GET', 'HEAD'].includes(method);
  const send = async () => {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    if (contentType) { headers['Content-Type'] = contentType; }
    if (changes) { Object.assign(headers, await antiforgeryHeader()); }
    return fetch(path, { method, headers, body: content ?? (body === undefined ? undefined : JSON.stringify(body)), credentials: 'same-origin' });
  };
  let response = await send();
  if (response.status === 400 && changes) {
    const problem = await problemOf(response.clone());
    if (problem.reason === 'antiforgery') { antiforgery = null; response = await send(); }
  }
  if (response.status === 401 && !signedOutIsError) { goToSignIn(); throw new ApiError(401, await problemOf(response)); }
  if (!response.ok) { throw new ApiError(response.status, await problemOf(response)); }
  if (response.status === 202 || response.status === 204) { return null; }
  const type = response.headers.get('Content-Type') ?? '';
  return type.includes('json') ? response.json() : response;
}

/**
 * Signs in at a token endpoint (`/auth/token`, `/party/tokens`, `/filings/tokens`) and keeps the token as this
 * browser's session cookie at once; the token itself never stays in the page. Returns who signed in.
 */
export async function signIn(tokenPath, credentials) {
  const issued = await api(tokenPath, { method: 'POST', body: credentials, signedOutIsError: true });
  const response = await fetch('/auth/session', { method: 'POST', headers: { Authorization: `Bearer ${issued.token}`, Accept: 'application/json' } });
  if (!response.ok) { throw new ApiError(response.status, await problemOf(response)); }
  antiforgery = null;
  return response.json();
}

/** Ends the session. */
export async function signOut() {
  try { await api('/auth/session', { method: 'DELETE', signedOutIsError: true }); } catch { /* signed out already */ }
  antiforgery = null;
}

/** Who is signed in, or null. */
export async function whoAmI() {
  try { return await api('/auth/me', { signedOutIsError: true }); } catch (error) { if (error.status === 401) { return null; } throw error; }
}
