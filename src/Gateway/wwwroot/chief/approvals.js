// Approvals (/chief/approvals.html?case=...): the court's queue (GET /courts/{id}/approvals), each entry opening its
// case; and one case's approvals: the extension of the conclusion limit the
// judge asked for (the last ExtensionRequested of GET /cases/{n}/record not yet followed by ExtensionGranted), granted
// with the ExtensionGranted step (POST /cases/{n}/steps), and the case's notices awaiting approval
// (GET /cases/{n}/notices), released with POST /notices/{key}/approve.
import { api, element, formatDate, path, showRefusal, startChief, t, toast, watchCourt } from './common.js';
import { onSubmit } from '/ui/shell.js';
import { formatDateTime } from '/ui/texts.js';

const { courtId, badgeElement } = await startChief('chief.title.approvals');
const $ = (id) => document.getElementById(id);
const caseForm = $('case-form');
let current = null;

try {
  const cases = await api(path('courts', courtId, 'cases'));
  $('case-numbers').replaceChildren(...cases.filter((c) => c.status === 'Filed' || c.status === 'InProgress')
    .map((c) => element('option', { value: c.caseNumber }, `${c.caseNumber} ${c.parties}`)));
} catch (error) { showRefusal(error); }

function openButton(caseNumber) {
  const open = element('button', { type: 'button', class: 'secondary' }, t('chief.open'));
  open.addEventListener('click', () => { caseForm.elements.caseNumber.value = caseNumber; caseForm.requestSubmit(); });
  return open;
}

async function showQueue() {
  const queue = await api(path('courts', courtId, 'approvals'));
  $('queue-extensions').replaceChildren(...queue.extensions.map((c) => element('li', { class: 'colour-orange', dataset: { case: c.caseNumber } },
    element('div', { class: 'line' }, element('span', {}, t('chief.extensionWaiting', { caseNumber: c.caseNumber, parties: c.parties, judge: c.judgeId ?? t('chief.noJudge'), days: c.extensionRequestedDays })), openButton(c.caseNumber)))));
  if (!queue.extensions.length) { $('queue-extensions').append(element('li', { class: 'empty' }, t('chief.noExtensionsWaiting'))); }
  $('queue-notices').replaceChildren(...queue.notices.map((view) => element('li', { class: 'colour-yellow', dataset: { key: view.notice.key } },
    element('div', { class: 'line' }, element('span', {}, t('chief.noticeWaiting', { caseNumber: view.notice.caseNumber, party: view.notice.party, at: formatDateTime(view.createdAt) })), openButton(view.notice.caseNumber)))));
  if (!queue.notices.length) { $('queue-notices').append(element('li', { class: 'empty' }, t('chief.noNoticesWaiting'))); }
}

/** The extension waiting for the chief: the last request after the last grant, if any. */
function pendingExtension(record) {
  let pending = null;
  for (const entry of record) {
    if (entry.kind === 'ExtensionRequested') { pending = entry; }
    if (entry.kind === 'ExtensionGranted') { pending = null; }
  }
  return pending;
}

function extensionPanel(caseNumber, theCase, record) {
  const deadline = theCase.deadlines.map((view) => view.deadline).find((d) => d.id === 'conclude');
  $('conclude').replaceChildren(
    element('dt', {}, t('chief.judge')), element('dd', {}, theCase.judgeId ?? t('chief.noJudge')),
    element('dt', {}, t('chief.concludeBy')), element('dd', {}, deadline ? formatDate(deadline.dueDate) : t('common.none')),
    element('dt', {}, t('chief.daysGranted')), element('dd', {}, String(theCase.extensionDaysGranted)));
  const pending = pendingExtension(record);
  if (!pending) { return element('p', { class: 'empty', id: 'no-extension' }, t('chief.noExtension')); }
  const days = element('input', { type: 'number', min: '1', value: String(pending.step?.days ?? ''), required: true });
  const note = element('textarea', {});
  const form = element('form', { class: 'form', id: 'grant-form', novalidate: true },
    element('p', {}, t('chief.extensionAsked', { days: pending.step?.days ?? '?', actor: pending.actor, at: formatDateTime(pending.at) })),
    pending.step?.note ? element('p', { class: 'muted' }, t('chief.note', { note: pending.step.note })) : null,
    element('label', { class: 'field' }, element('span', {}, t('chief.grantDays')), Object.assign(days, { name: 'days' }), element('span', { class: 'field-error', role: 'alert' })),
    element('label', { class: 'field' }, element('span', {}, t('chief.focusNote')), Object.assign(note, { name: 'note' }), element('span', { class: 'field-error', role: 'alert' })),
    element('p', { class: 'form-error', role: 'alert' }),
    element('div', { class: 'actions' }, element('button', { type: 'submit' }, t('chief.grant'))));
  onSubmit(form, async (data) => {
    const given = Number.parseInt(data.get('days'), 10);
    await api(path('cases', caseNumber, 'steps'), { method: 'POST', body: { kind: 'ExtensionGranted', days: Number.isNaN(given) ? null : given, note: data.get('note') || null } });
    toast(t('chief.granted', { caseNumber, days: given }));
    await show(caseNumber);
  });
  return form;
}

function noticeItem(caseNumber, view) {
  const approve = element('button', { type: 'button', class: 'approve' }, t('chief.approve'));
  approve.addEventListener('click', async () => {
    approve.disabled = true;
    try {
      await api(path('notices', view.notice.key, 'approve'), { method: 'POST' });
      toast(t('chief.approved'));
      await show(caseNumber);
    } catch (error) { showRefusal(error); approve.disabled = false; }
  });
  return element('li', { class: 'colour-yellow', dataset: { key: view.notice.key } },
    element('div', { class: 'line' }, element('strong', {}, view.notice.party), element('span', { class: 'muted' }, view.notice.mobile),
      element('span', { class: 'chip' }, view.notice.step ?? '')),
    element('div', {}, view.notice.text),
    element('div', { class: 'muted' }, formatDateTime(view.createdAt)),
    element('div', { class: 'actions' }, approve));
}

async function show(caseNumber) {
  const [theCase, record, notices] = await Promise.all([
    api(path('cases', caseNumber)), api(path('cases', caseNumber, 'record')), api(path('cases', caseNumber, 'notices'))]);
  current = caseNumber;
  $('case-panels').hidden = false;
  $('extension').replaceChildren(extensionPanel(caseNumber, theCase, record));
  const waiting = notices.filter((n) => n.status === 'AwaitingApproval');
  $('notices').replaceChildren(...waiting.map((view) => noticeItem(caseNumber, view)));
  if (!waiting.length) { $('notices').append(element('li', { class: 'empty' }, t('chief.noManualNotices'))); }
  history.replaceState(null, '', `?case=${encodeURIComponent(caseNumber)}`);
  await showQueue();
}

showQueue().catch(showRefusal);

onSubmit(caseForm, async (data) => { await show(String(data.get('caseNumber')).trim()); });
const asked = new URLSearchParams(location.search).get('case');
if (asked) {
  caseForm.elements.caseNumber.value = asked;
  caseForm.requestSubmit();
}
watchCourt(courtId, badgeElement, (alert, live) => {
  if (!live) { return; }
  (current && alert.caseNumber === current ? show(current) : showQueue()).catch(showRefusal);
});
