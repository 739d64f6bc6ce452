// The owners' console: every figure comes from the service's GraphQL API with the signed-in person's token, which
// is kept in this page's memory only (never in localStorage or a cookie).
import { T, languages } from './i18n.js';
import { lineChart, barTable, drawn, loadCharts } from './charts.js';
import { signIn, completeSignIn, renew, signOutAt, SignInError } from './oidc.js';
import { DASHBOARD, SPEND } from './documents.js';

const state = {
  token: null, claims: null, settings: null, lang: pickLanguage(),
  // session: the provider's id and refresh tokens besides the access token (null for dev tokens)
  session: null, renewTimer: null, renewing: null,
  companies: [], company: null, preset: '30d', granularity: 'DAY', socket: null, data: null,
};
const $ = (id) => document.getElementById(id);

function pickLanguage() {
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const short = String(l).slice(0, 2).toLowerCase();
    if (languages.includes(short)) return short;
  }
  return 'en';
}
const t = (key, ...args) => {
  const v = (T[state.lang] || T.en)[key] ?? T.en[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
};
const locale = () => (state.lang === 'de' ? 'de-DE' : 'en-US');
const num = (v, digits = 0) => (v == null ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(Number(v)));
const pct = (v) => (v == null ? '–' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(Number(v)));
const usd = (micros) => (micros == null ? '–' : new Intl.NumberFormat(locale(), { style: 'currency', currency: 'USD' }).format(Number(micros) / 1e6));
const day = (iso) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso + 'T00:00:00Z'));
const instant = (iso, zone) => (iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'medium', timeZone: zone }).format(new Date(iso)) : '–');
const signed = (v, digits = 0) => (v == null ? '' : (Number(v) > 0 ? '+' : '') + num(v, digits));

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function status(text) { $('status').textContent = text || ''; }

// ------------------------------------------------------------------ the API
// A request with the person's token; a token the service no longer accepts (the tab slept past its renewal) is
// renewed once, and when that fails too the person is signed out with a message.
async function authorized(url, init = {}) {
  const send = () => fetch(url, { ...init, credentials: 'omit', cache: 'no-store',
    headers: { ...(init.headers || {}), Authorization: 'Bearer ' + state.token } });
  let res = await send();
  if (res.status === 401 && state.session && await renewToken()) res = await send();
  if (res.status === 401) { signOut(t('expired')); throw new Error('UNAUTHENTICATED'); }
  return res;
}
async function gql(query, variables = {}) {
  const res = await authorized('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }) });
  return res.json();
}
const codeOf = (errors, path) => (errors || []).find((e) => !path || (e.path || []).join('.').startsWith(path))?.extensions?.code;

async function download(url, fallbackName) {
  const res = await authorized(url);
  if (!res.ok) { status(t('downloadFailed')); return; }
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') || '')?.[1] || fallbackName;
  const link = el('a', { href: URL.createObjectURL(await res.blob()), download: name });
  document.body.append(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  status(t('downloaded', name));
}

// ------------------------------------------------------------------ live notices (graphql-transport-ws)
// resume: a socket that replaces one closed under it (a renewed token), so notices may have been missed meanwhile
function listen(companyId, resume = false) {
  if (state.socket) { const old = state.socket; state.socket = null; old.close(); }
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql', 'graphql-transport-ws');
  ws.companyId = companyId;
  state.socket = ws;
  let timer = null;
  let acknowledged = false;
  ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: 'Bearer ' + state.token } }));
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.type === 'connection_ack') {
      acknowledged = true;
      ws.send(JSON.stringify({ type: 'subscribe', id: '1', payload: {
        query: 'subscription($id: String!) { companyFiguresChanged(companyId: $id) { companyId at } }', variables: { id: companyId } } }));
      document.body.dataset.live = 'on';
      if (resume) load(true, true);
    } else if (msg.type === 'ping') {
      ws.send(JSON.stringify({ type: 'pong' }));
    } else if (msg.type === 'next' && msg.payload?.data?.companyFiguresChanged) {
      clearTimeout(timer);
      timer = setTimeout(() => load(true), 150);
    }
  };
  ws.onclose = () => {
    if (state.socket !== ws) return;
    document.body.dataset.live = 'off';
    state.socket = null;
    // the service closes the socket when the token it was opened with expires: open it again with the current one
    const current = () => !state.socket && state.token && state.company?.id === companyId;
    if (acknowledged && current()) setTimeout(() => { if (current()) listen(companyId, true); }, 1000);
  };
}

// ------------------------------------------------------------------ ranges
function todayIn(zone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
function addDays(iso, n) { const d = new Date(iso + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); }
export function rangeOf(preset, today) {
  const [y, m] = today.split('-').map(Number);
  switch (preset) {
    case '7d': return { from: addDays(today, -6), to: today };
    case '90d': return { from: addDays(today, -89), to: today };
    case 'month': return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3); const qy = q === 0 ? y - 1 : y; const qs = q === 0 ? 9 : (q - 1) * 3;
      const from = `${qy}-${String(qs + 1).padStart(2, '0')}-01`;
      const end = new Date(Date.UTC(qy, qs + 3, 0)).toISOString().slice(0, 10);
      return { from, to: end };
    }
    default: return { from: addDays(today, -29), to: today };
  }
}

// ------------------------------------------------------------------ sign-in
function decode(token) {
  try { return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch { return {}; }
}
function roles(claims) {
  return [...(claims.roles || []), ...(claims.groups || []), ...((claims.realm_access || {}).roles || [])];
}
const isAdmin = () => roles(state.claims).includes('analytics-admin');

// tokens: the provider's answer the access token came with (null for a dev token)
async function useToken(token, tokens = null) {
  state.token = token;
  state.claims = decode(token);
  state.session = tokens && { id: tokens.id, refresh: tokens.refresh };
  scheduleRenewal(tokens?.expiresIn);
  $('logout').hidden = false;
  // A token that names its company (owners, members) has that company's dashboard asked for beside the list of
  // companies, one round trip sooner; its range is cut in the browser's time zone and used only when that gives the
  // company's "today" too (the company's own time zone comes with the list).
  const named = state.claims.company_id;
  const early = named ? dashboardRequests(dashboardKey({ id: named, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })) : null;
  const answer = await gql('{ companies { id name timeZone seats extraUsageEnabled } }');
  if (answer.errors) { clearTimeout(state.renewTimer); renderLogin(t('noAccess')); return; }
  state.companies = answer.data.companies || [];
  state.company = state.companies.find((c) => c.id === named) || state.companies[0] || null;
  renderControls();
  await load(false, false, early);
}

// The access token is renewed with the refresh token (both in memory) before it expires, so the service never sees
// an expired one; when the provider no longer renews it (the session ended there), the person is signed out.
function scheduleRenewal(expiresIn) {
  clearTimeout(state.renewTimer);
  if (!state.session?.refresh || !expiresIn) return;
  state.renewTimer = setTimeout(renewToken, Math.max(expiresIn * 0.75, expiresIn - 60) * 1000);
}
function renewToken() {
  state.renewing ||= (async () => {
    const session = state.session;
    if (!session?.refresh) return false;
    let tokens;
    try {
      tokens = await renew(state.settings, session.refresh);
    } catch {
      if (state.session === session) signOut(t('expired'));
      return false;
    }
    if (state.session !== session) return false;
    state.token = tokens.access;
    state.claims = decode(tokens.access);
    state.session = { id: tokens.id || session.id, refresh: tokens.refresh || session.refresh };
    scheduleRenewal(tokens.expiresIn);
    // the live socket was opened with the old token; the service closes it when that one expires
    if (state.company) listen(state.company.id, true);
    return true;
  })().finally(() => { state.renewing = null; });
  return state.renewing;
}

function signOut(message) {
  clearTimeout(state.renewTimer);
  state.token = null; state.claims = null; state.data = null; state.session = null;
  if (state.socket) { const ws = state.socket; state.socket = null; ws.close(); }
  document.body.dataset.live = 'off';
  $('logout').hidden = true; $('controls').hidden = true;
  renderLogin(message);
}

function renderLogin(message) {
  const main = $('main');
  main.replaceChildren();
  const box = el('section', { class: 'panel login', 'aria-labelledby': 'login-h' }, el('h2', { id: 'login-h', text: t('signIn') }));
  if (message) box.append(el('p', { class: 'error', role: 'alert', text: message }));
  if (state.settings.devTokens) {
    const role = el('select', { id: 'dev-role' }, ['owner', 'primary-owner', 'partner', 'analytics-admin'].map((r) => el('option', { value: r, text: r })));
    const company = el('input', { id: 'dev-company', value: 'acme', size: 20 });
    const form = el('form', { id: 'dev-login' },
      el('p', { class: 'note', text: t('devNote') }),
      el('label', {}, t('role') + ' ', role),
      el('label', {}, t('companyOrCompanies') + ' ', company),
      el('button', { type: 'submit', text: t('signIn') }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const q = new URLSearchParams({ role: role.value });
      q.set(role.value === 'partner' ? 'companies' : 'company', company.value);
      const res = await fetch('/dev/token?' + q, { credentials: 'omit' });
      if (res.ok) await useToken((await res.text()).trim()); else renderLogin(t('noAccess'));
    });
    box.append(form);
  } else if (state.settings.issuer) {
    box.append(el('button', { type: 'button', id: 'oidc-login', text: t('signInWith'),
      onclick: () => signIn(state.settings).catch(() => renderLogin(t('signInFailed', t('unreachable')))) }));
  } else {
    box.append(el('p', { text: t('noIssuer') }));
  }
  main.append(box);
}

// ------------------------------------------------------------------ controls
function renderControls() {
  const c = $('controls');
  c.replaceChildren();
  if (state.companies.length > 1 || isAdmin()) {
    c.append(el('label', {}, t('company'), el('select', { id: 'company', onchange: (e) => { state.company = state.companies.find((x) => x.id === e.target.value); load(); } },
      state.companies.map((x) => el('option', { value: x.id, selected: x.id === state.company?.id, text: `${x.name} (${x.id})` })))));
  }
  c.append(el('label', {}, t('range'), el('select', { id: 'range', onchange: (e) => { state.preset = e.target.value; load(); } },
    ['7d', '30d', '90d', 'month', 'quarter'].map((p) => el('option', { value: p, selected: p === state.preset, text: t('preset_' + p) })))));
  c.append(el('label', {}, t('granularity'), el('select', { id: 'granularity', onchange: (e) => { state.granularity = e.target.value; load(); } },
    ['DAY', 'WEEK', 'MONTH'].map((g) => el('option', { value: g, selected: g === state.granularity, text: t('gran_' + g) })))));
  c.hidden = false;
}

// ------------------------------------------------------------------ the dashboard
// What the dashboard asks for: the company, the chosen range cut in the given time zone, the granularity
function dashboardKey(company) {
  return { id: company.id, range: rangeOf(state.preset, todayIn(company.timeZone)), granularity: state.granularity };
}
const sameKey = (a, b) => a.id === b.id && a.range.from === b.range.from && a.range.to === b.range.to
  && a.granularity === b.granularity;

// The dashboard's two requests for a key: {key, started, answers}
function dashboardRequests(key) {
  const { id, range, granularity } = key;
  const admin = isAdmin();
  const started = performance.now();
  const answers = Promise.all([
    gql(DASHBOARD, { id, range, g: granularity, admin }),
    gql(SPEND, { id, range, admin }),
  ]);
  answers.catch(() => {}); // early requests nobody waits for fail quietly; load() sees its own failures
  loadCharts(); // while the service answers
  return { key, started, answers };
}

// live: after a notice of new events; quiet: without telling the person so; early: requests already sent, used when
// they ask for what this load would
async function load(live = false, quiet = false, early = null) {
  if (!state.company) { $('main').replaceChildren(el('p', { text: t('noCompanies') })); if (isAdmin()) renderAdmin(); return; }
  const company = state.company;
  status(t('loading'));
  const wanted = dashboardKey(company);
  const requests = early && sameKey(early.key, wanted) ? early : dashboardRequests(wanted);
  const { started } = requests;
  const { range } = wanted;
  const admin = isAdmin();
  const [main, spend] = await requests.answers;
  if (state.company !== company) return;
  if (!main.data?.company) { $('main').replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error', codeOf(main.errors)) })); return; }
  state.data = { main: main.data.company, spend, range, admin };
  render();
  await drawn();
  if (state.company !== company) return;
  document.body.dataset.loaded = String(Date.now());
  document.body.dataset.firstFiguresMs = String(Math.round(performance.now() - started));
  // User Timing: when the figures were on screen, relative to the page's start (the benchmark and DevTools read it)
  performance.mark('figures-shown', { detail: { company: company.id, preset: state.preset } });
  status(live && !quiet ? t('updatedLive') : '');
  if (!live && (!state.socket || state.socket.companyId !== company.id)) listen(company.id);
}

function kpi(id, label, value, change) {
  return el('div', { class: 'kpi', id }, el('div', { class: 'label', text: label }), el('div', { class: 'value', text: value }),
    change != null ? el('div', { class: 'change', text: change }) : null);
}
function last(points) { return points[points.length - 1]; }
function changeText(p, digits = 0) {
  if (!p) return null;
  return `${signed(p.change, digits)}${p.changePercent == null ? '' : ` (${signed(p.changePercent, 1)} %)`} ${t('vsPrevious')}`;
}
function panel(id, title, ...children) {
  return el('section', { class: 'panel', id, 'aria-labelledby': id + '-h' }, el('h2', { id: id + '-h' }, title), ...children);
}
function keyTable(id, caption, rows, keyLabel, valueLabel, fmt = num) {
  return el('table', { id }, el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: keyLabel }), el('th', { scope: 'col', class: 'num', text: valueLabel }))),
    el('tbody', {}, rows.length ? rows.map((r) => el('tr', {}, el('th', { scope: 'row', text: r[0] ?? t('unknown') }), el('td', { class: 'num', text: fmt(r[1]) })))
      : el('tr', {}, el('td', { colspan: 2, class: 'note', text: t('none') }))));
}
const seriesLabel = (p) => (p.from === p.to ? day(p.from) : `${day(p.from)} – ${day(p.to)}`);

function render() {
  const { main: c, spend, range, admin } = state.data;
  const a = c.activity; const ad = c.adoption; const tel = c.telemetry;
  const out = [];
  out.push(el('p', { class: 'meta', id: 'meta' },
    `${c.name} · ${t('timeZone')}: ${c.timeZone} · ${t('rangeIs')} ${day(range.from)} – ${day(range.to)} · `,
    el('span', { id: 'freshness' }, `${t('fresh')}: ${instant(a.freshness.newestEventReceivedAt, c.timeZone)} (${t('computed')} ${instant(a.freshness.computedAt, c.timeZone)})`)));

  // user activity
  const L = a.latest;
  out.push(panel('activity', t('activity'),
    el('div', { class: 'kpis' },
      kpi('kpi-wau', t('wau'), num(L.wau)),
      kpi('kpi-utilisation', t('utilisation'), pct(L.utilisation), `${num(L.wau)} / ${num(L.seats)} ${t('seats')}`),
      kpi('kpi-invites', t('pendingInvites'), num(a.pendingInvites)),
      kpi('kpi-dau', t('dau'), num(L.dau)), kpi('kpi-mau', t('mau'), num(L.mau))),
    lineChart('chart-active', t('dauWauMau'), a.dau.map(seriesLabel),
      [{ name: t('dau'), values: a.dau.map((p) => p.value) }, { name: t('wau'), values: a.wau.map((p) => p.value) }, { name: t('mau'), values: a.mau.map((p) => p.value) }],
      { fmt: num, tableLabel: t('showTable'), chartLabel: t('showChart'), period: t('period') }),
    keyTable('by-version', t('byVersion'), a.usersByAppVersion.map((r) => [r.key, r.users]), t('appVersion'), t('activeUsers')),
    keyTable('by-platform', t('byPlatform'), a.usersByPlatform.map((r) => [r.key, r.users]), t('platform'), t('activeUsers')),
    keyTable('by-deployment', t('byDeployment'), a.usersByDeployment.map((r) => [r.key, r.users]), t('deployment'), t('activeUsers'))));

  // feature adoption
  const adoptionKpi = (id, key, pts, digits = 0) => kpi(id, t(key), num(last(pts)?.value, digits), changeText(last(pts), digits));
  out.push(panel('adoption', t('adoption'),
    el('div', { class: 'kpis' },
      adoptionKpi('kpi-chats', 'chatsCreated', ad.chatsCreated),
      adoptionKpi('kpi-messages-per-chat', 'messagesPerChat', ad.averageMessagesPerChat, 2),
      adoptionKpi('kpi-projects', 'projectsCreated', ad.projectsCreated),
      adoptionKpi('kpi-users-project', 'usersWithProject', ad.usersWithProject),
      adoptionKpi('kpi-artifacts', 'artifactsCreated', ad.artifactsCreated),
      adoptionKpi('kpi-users-artifact', 'usersWithArtifact', ad.usersWithArtifact)),
    lineChart('chart-chats', t('chatsCreated'), ad.chatsCreated.map(seriesLabel),
      [{ name: t('chatsCreated'), values: ad.chatsCreated.map((p) => p.value) }, { name: t('messagesPerChat'), values: ad.averageMessagesPerChat.map((p) => p.value) }],
      { fmt: (v) => num(v, 2), tableLabel: t('showTable'), chartLabel: t('showChart'), period: t('period'), change: ad.chatsCreated.map((p) => changeText(p)) }),
    keyTable('top-connectors', t('topConnectors'), ad.topConnectors.map((r) => [r.key, r.users]), t('connector'), t('distinctUsers')),
    admin ? el('p', { class: 'note', id: 'no-user-rows', text: t('adminNoUserRows') }) : [
      keyTable('top-projects', t('topProjects'), ad.topUsersByProjectsUsed.map((r) => [r.userId, r.count]), t('user'), t('projectsUsed')),
      keyTable('top-artifacts', t('topArtifacts'), ad.topUsersByArtifacts.map((r) => [r.userId, r.count]), t('user'), t('artifacts'))]));

  // telemetry counts
  const counts = [['users', tel.users], ['fileFolders', tel.fileFolders], ['groups', tel.groups], ['chats', tel.chats], ['spaces', tel.spaces],
    ['userMessages', tel.userMessages], ['assistantMessages', tel.assistantMessages], ['positiveFeedback', tel.positiveFeedback], ['negativeFeedback', tel.negativeFeedback]];
  out.push(panel('telemetry', t('telemetry'),
    keyTable('telemetry-counts', t('countsInRange'), counts.map(([k, v]) => [t(k), v]), t('what'), t('count')),
    barTable('feedback-by-assistant', t('feedbackByAssistant'),
      [[t('overall'), c.feedback.overall], ...c.feedback.byAssistant.map((f) => [f.assistantId ?? t('unknown'), f])],
      [t('assistant'), t('positiveFeedback'), t('negativeFeedback'), t('sharePositive')], (f) => [num(f.positive), num(f.negative), pct(f.sharePositive)]),
    barTable('prompts', t('promptsByAssistant'), tel.promptsByAssistant.map((p) => [`${p.assistantId ?? t('unknown')} · ${p.module ?? t('unknown')}`, p]),
      [t('assistantModule'), t('prompts')], (p) => [num(p.prompts)])));

  // spend
  const s = spend.data?.company?.spend;
  const spendCode = codeOf(spend.errors);
  let spendBody;
  if (!s && spendCode === 'SPEND_NOT_ENABLED') spendBody = [el('p', { class: 'note', id: 'spend-off', text: t('spendOff') })];
  else if (!s) spendBody = [el('p', { class: 'error', text: t('error', spendCode) })];
  else {
    spendBody = [el('div', { class: 'kpis' }, kpi('kpi-mtd', t('mtd'), usd(s.monthToDate)), kpi('kpi-qtd', t('qtd'), usd(s.quarterToDate)), kpi('kpi-ytd', t('ytd'), usd(s.yearToDate))),
      ...[['m1', 1], ['m3', 3], ['m12', 12]].map(([k, n]) => keyTable('spend-models-' + n, t('byModel', n), s[k].map((r) => [r.model, r.amountMicros]), t('model'), t('amount'), usd))];
    if (!admin) {
      spendBody.push(keyTable('spend-users', t('byUser', s.byUser.hasNextPage), s.byUser.users.map((u) => [u.userId, u.amountMicros]), t('user'), t('amount'), usd));
      spendBody.push(el('button', { type: 'button', id: 'csv-spend', text: t('csv'), onclick: () => download(
        `/exports/companies/${encodeURIComponent(c.id)}/spend-by-user.csv?from=${range.from}&to=${range.to}`, `spend-by-user_${c.id}.csv`) }));
    }
  }
  out.push(panel('spend', t('spend'), ...spendBody));
  $('main').replaceChildren(...out);
  if (admin) renderAdmin();
}

// ------------------------------------------------------------------ administration (vendor administrators)
async function renderAdmin() {
  const range = state.data?.range || rangeOf(state.preset, todayIn('UTC'));
  const box = panel('admin-billing', t('billing'));
  const companiesBox = panel('admin-companies', t('companies'));
  $('main').append(box, companiesBox);
  const answer = await gql(`query($r: DateRangeInput!) { billingReport(range: $r, first: 1000) { lines { month companyId companyName mau seats messages spendMicros } hasNextPage } }`, { r: range });
  const lines = answer.data?.billingReport?.lines || [];
  box.append(el('table', { id: 'billing' }, el('caption', { text: `${day(range.from)} – ${day(range.to)}` }),
    el('thead', {}, el('tr', {}, [t('month'), t('company'), t('mau'), t('seats'), t('messages'), t('spend')].map((h, i) => el('th', { scope: 'col', class: i > 1 ? 'num' : null, text: h })))),
    el('tbody', {}, lines.map((l) => el('tr', {}, el('td', { text: l.month }), el('td', { text: `${l.companyName} (${l.companyId})` }),
      el('td', { class: 'num', text: num(l.mau) }), el('td', { class: 'num', text: num(l.seats) }), el('td', { class: 'num', text: num(l.messages) }),
      el('td', { class: 'num', text: l.spendMicros == null ? t('notEnabled') : usd(l.spendMicros) }))))),
  el('button', { type: 'button', id: 'csv-billing', text: t('csv'), onclick: () => download(`/exports/billing.csv?from=${range.from}&to=${range.to}`, 'billing.csv') }));

  const table = el('table', { id: 'company-list' }, el('thead', {}, el('tr', {}, [t('company'), t('seats'), t('timeZone'), t('extraUsage'), ''].map((h) => el('th', { scope: 'col', text: h })))));
  const body = el('tbody');
  for (const co of state.companies) {
    const seats = el('input', { type: 'number', min: 0, value: co.seats, 'aria-label': `${t('seats')} ${co.id}`, size: 6 });
    const zone = el('input', { value: co.timeZone, 'aria-label': `${t('timeZone')} ${co.id}`, size: 16 });
    const extra = el('input', { type: 'checkbox', checked: co.extraUsageEnabled, 'aria-label': `${t('extraUsage')} ${co.id}` });
    const save = el('button', { type: 'button', text: t('save'), onclick: async () => {
      const r = await gql('mutation($id: String!, $c: CompanyChanges!) { updateCompany(id: $id, changes: $c) { id seats timeZone extraUsageEnabled } }',
        { id: co.id, c: { seats: Number(seats.value), timeZone: zone.value, extraUsageEnabled: extra.checked } });
      if (r.errors) status(t('error', codeOf(r.errors))); else { Object.assign(co, r.data.updateCompany); status(t('saved', co.id)); }
    } });
    body.append(el('tr', { 'data-company': co.id }, el('th', { scope: 'row', text: `${co.name} (${co.id})` }), el('td', {}, seats), el('td', {}, zone), el('td', {}, extra), el('td', {}, save)));
  }
  table.append(body);
  const id = el('input', { name: 'id', required: true, size: 10 }); const name = el('input', { name: 'name', required: true, size: 14 });
  const seats = el('input', { name: 'seats', type: 'number', min: 0, value: 10, size: 6 }); const zone = el('input', { name: 'timeZone', value: 'UTC', size: 14 });
  const extra = el('input', { name: 'extra', type: 'checkbox' });
  const form = el('form', { class: 'row', id: 'create-company' },
    el('label', {}, t('id'), id), el('label', {}, t('name'), name), el('label', {}, t('seats'), seats), el('label', {}, t('timeZone'), zone),
    el('label', {}, t('extraUsage'), extra), el('button', { type: 'submit', text: t('create') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await gql('mutation($c: NewCompany!) { createCompany(company: $c) { id name timeZone seats extraUsageEnabled } }',
      { c: { id: id.value, name: name.value, seats: Number(seats.value), timeZone: zone.value, extraUsageEnabled: extra.checked } });
    if (r.errors) { status(t('error', codeOf(r.errors))); return; }
    state.companies.push(r.data.createCompany); state.companies.sort((x, y) => x.id.localeCompare(y.id));
    renderControls(); status(t('created', r.data.createCompany.id)); render();
  });
  companiesBox.append(table, el('h3', { text: t('newCompany') }), form);
}

// ------------------------------------------------------------------ start
function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
  $('lang').textContent = state.lang === 'de' ? 'English' : 'Deutsch';
  $('lang').setAttribute('aria-label', state.lang === 'de' ? 'Switch to English' : 'Auf Deutsch umschalten');
}

async function start() {
  applyLanguage();
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'de' ? 'en' : 'de';
    applyLanguage();
    if (state.token) { renderControls(); if (state.data) render(); } else renderLogin();
  });
  $('logout').addEventListener('click', async () => {
    const idToken = state.session?.id;
    signOut();
    // also at the provider, or its session would sign the next person at this browser in without a password
    if (idToken) await signOutAt(state.settings, idToken).catch(() => {});
  });
  const settings = fetch('/console/config.json', { credentials: 'omit' });
  // the time zone data's first use costs tens of milliseconds: spent while the network answers, not after the token
  todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone);
  state.settings = await (await settings).json();
  let tokens = null;
  try {
    tokens = await completeSignIn(state.settings);
  } catch (e) {
    renderLogin(t('signInFailed', e instanceof SignInError ? e.message : t('unreachable')));
    return;
  }
  if (tokens) await useToken(tokens.access, tokens); else renderLogin();
}
start();
