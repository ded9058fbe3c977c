// The chief's overview (/chief/): the court's overdue nodes, refreshed live by the court's alert stream; the court's
// alerts with focus cases' first; the focus cases (重点案件), marked and unmarked from the overdue list or the case list.
import { alertTitle, deadlineTitle, formatDateTime } from '/ui/texts.js';
import { api, debounce, element, focusButtons, formatDate, path, showLink, showRefusal, startChief, t, tierChip, watchCourt } from './common.js';

const { courtId, badgeElement } = await startChief('chief.title.overview');
const focusButton = focusButtons();
const $ = (id) => document.getElementById(id);
let cases = [];
let overdue = [];
const alerts = [];
const focused = () => new Set(cases.filter((c) => c.focus).map((c) => c.caseNumber));

function empty(list, key) {
  if (!list.children.length) { list.append(element('li', { class: 'empty' }, t(key))); }
}

function drawOverdue() {
  const focus = focused();
  const list = $('overdue');
  list.replaceChildren(...overdue.map((item) => element('li', { class: `tier-overdue${focus.has(item.caseNumber) ? ' focus' : ''}`, dataset: { case: item.caseNumber, deadline: item.deadline.id } },
    element('div', { class: 'line' }, element('strong', { class: 'number' }, item.caseNumber), ' ', tierChip(item.tier ?? 'Overdue'),
      focus.has(item.caseNumber) ? element('span', { class: 'chip focus-chip' }, t('chief.focus')) : null),
    element('div', {}, deadlineTitle(item.deadline)),
    element('div', { class: 'muted' }, t('chief.dueOn', { date: formatDate(item.deadline.dueDate) }), ' · ', t('chief.judgeIs', { judge: item.judgeId ?? t('chief.noJudge') }), ' · ', item.parties),
    element('div', { class: 'actions' }, focusButton(courtId, item.caseNumber, focus.has(item.caseNumber), changed)))));
  empty(list, 'chief.noOverdue');
  $('overdue-count').textContent = String(overdue.length);
}

function drawAlerts() {
  const focus = focused();
  const sorted = [...alerts].sort((a, b) => (focus.has(b.caseNumber) - focus.has(a.caseNumber)) || (new Date(b.at) - new Date(a.at)));
  const list = $('alerts');
  list.replaceChildren(...sorted.slice(0, 100).map((alert) => element('li', { class: `${alert.tier ? `tier-${alert.tier.toLowerCase()}` : ''}${focus.has(alert.caseNumber) ? ' focus' : ''}`, dataset: { kind: alert.kind, case: alert.caseNumber ?? '' } },
    element('div', { class: 'line' }, alert.caseNumber ? element('strong', { class: 'number' }, alert.caseNumber) : null, ' ', tierChip(alert.tier),
      focus.has(alert.caseNumber) ? element('span', { class: 'chip focus-chip' }, t('chief.focus')) : null,
      element('time', { class: 'muted', datetime: alert.at }, formatDateTime(alert.at))),
    element('div', {}, alertTitle(alert)))));
  empty(list, 'chief.noAlerts');
}

function drawFocus() {
  const list = $('focus');
  const items = cases.filter((c) => c.focus);
  list.replaceChildren(...items.map((c) => element('li', { dataset: { case: c.caseNumber } },
    element('div', { class: 'line' }, element('strong', { class: 'number' }, c.caseNumber), ' ', element('span', { class: 'chip' }, t(`chief.status.${c.status}`))),
    element('div', {}, c.parties),
    c.focusNote ? element('div', { class: 'muted' }, t('chief.note', { note: c.focusNote })) : null,
    element('div', { class: 'actions' }, focusButton(courtId, c.caseNumber, true, changed)))));
  empty(list, 'chief.noFocus');
  $('focus-count').textContent = String(items.length);
}

function drawCases() {
  const status = $('case-filter').elements.status.value;
  const rows = cases.filter((c) => !status || c.status === status);
  $('cases').replaceChildren(...rows.map((c) => element('tr', { dataset: { case: c.caseNumber } },
    element('td', {}, element('a', { href: `approvals.html?case=${encodeURIComponent(c.caseNumber)}`, title: t('chief.approvalsOfCase') }, c.caseNumber)),
    element('td', {}, c.parties),
    element('td', {}, c.judgeId ?? t('chief.noJudge')),
    element('td', {}, t(`chief.status.${c.status}`)),
    element('td', {}, formatDate(c.filedAt)),
    element('td', {}, focusButton(courtId, c.caseNumber, c.focus, changed)))));
  if (!rows.length) { $('cases').append(element('tr', {}, element('td', { class: 'empty', colspan: '6' }, t('chief.noCases')))); }
}

function drawAll() { drawOverdue(); drawAlerts(); drawFocus(); drawCases(); }

/** A case's focus changed (the API's answer is the court's entry for it). */
function changed(courtCase) {
  const at = cases.findIndex((c) => c.caseNumber === courtCase.caseNumber);
  if (at >= 0) { cases[at] = courtCase; } else { cases.unshift(courtCase); }
  drawAll();
}

async function loadOverdue() {
  try { overdue = await api(path('courts', courtId, 'overdue')); drawOverdue(); } catch (error) { showRefusal(error); }
}
async function loadCases() {
  try { cases = await api(path('courts', courtId, 'cases')); drawAll(); } catch (error) { showRefusal(error); }
}

const refreshOverdue = debounce(loadOverdue);
const refreshCases = debounce(loadCases, 1000);
$('case-filter').addEventListener('change', drawCases);
await Promise.all([loadOverdue(), loadCases()]);

const drawAlertsSoon = debounce(drawAlerts, 100);
watchCourt(courtId, badgeElement, (alert, live) => {
  alerts.push(alert);
  if (alerts.length > 500) { alerts.splice(0, alerts.length - 500); }
  drawAlertsSoon();
  if (live && (alert.kind === 'Deadline' || alert.kind === 'DeadlineWithdrawn')) { refreshOverdue(); }
  if (live && alert.kind === 'CaseAssigned') { refreshCases(); }
}, { history: true, onState: (connected) => { showLink($('link'), connected); if (connected) { refreshOverdue(); } } });
