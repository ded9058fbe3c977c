// The clerk's page (立案): the court's online-filing queue with each application's documents and the decision
// (accept with a case number, ask for correction naming what is missing, refuse with a reason), and filing a case
// by hand, with the server's field errors at their fields.
import { api } from '/ui/api.js';
import { formatDate, formatDateTime, formatMoney, t } from '/ui/texts.js';
import { element, onSubmit, startPage } from '/ui/shell.js';
import { toast, watchChanges } from '/ui/live.js';
import { applicationFields, readApplication } from '/party/application-form.js';

const { me } = await startPage({
  texts: ['clerk', 'party'], roles: ['clerk', 'chief'], title: 'clerk.title',
  nav: [{ href: '/clerk/#queue', text: 'clerk.nav.queue' }, { href: '/clerk/#file', text: 'clerk.nav.file' }],
});
const court = me.courtId;
const list = document.getElementById('applications');
const filter = document.getElementById('status-filter');
const detail = document.getElementById('application');
let chosen = null;

async function loadQueue() {
  const status = filter.value;
  const applications = await api(`/courts/${encodeURIComponent(court)}/filings${status ? `?status=${status}` : ''}`);
  list.replaceChildren(...applications.map((application) => {
    const item = element('li', { class: 'clickable', tabindex: '0', dataset: { id: application.id }, 'aria-current': String(application.id === chosen) },
      element('div', {}, element('strong', {}, application.id), ' ', element('span', { class: 'chip' }, t(`clerk.status.${application.status}`))),
      element('div', {}, application.parties),
      element('small', {}, application.status === 'Submitted' ? t('clerk.decideBy', { date: formatDate(application.decideBy) }) : t('clerk.updatedAt', { at: formatDateTime(application.updatedAt) }),
        application.caseNumber ? ` · ${application.caseNumber}` : ''));
    const today = new Date().toLocaleDateString('sv-SE');
    if (application.status === 'Submitted') { item.classList.add(application.decideBy < today ? 'tier-overdue' : application.decideBy === today ? 'tier-due' : 'tier-upcoming'); }
    const open = () => show(application.id).catch((error) => toast(error.message, { tier: 'Overdue' }));
    item.addEventListener('click', open);
    item.addEventListener('keydown', (event) => { if (event.key === 'Enter') { open(); } });
    return item;
  }));
  if (!applications.length) { list.replaceChildren(element('li', { class: 'empty' }, t('clerk.emptyQueue'))); }
}

const fact = (label, value) => [element('dt', {}, t(label)), element('dd', {}, value ?? '')];

function partyCard(party) {
  return element('div', { class: 'party-card' },
    element('strong', {}, party.name), ' ', element('span', { class: 'number' }, party.idNumber), ' ', element('span', { class: 'number' }, party.mobile),
    element('div', { class: 'muted' }, party.address?.text ?? ''),
    party.lawyer ? element('div', { class: 'muted' }, t('clerk.lawyer', { name: party.lawyer.name, firm: party.lawyer.firm ?? '', mobile: party.lawyer.mobile })) : null);
}

function stepLine(step) {
  return element('li', { class: step.status === 'Accepted' ? 'tier-done' : step.status === 'Refused' ? 'tier-overdue' : step.status === 'CorrectionRequested' ? 'tier-due' : '' },
    element('div', {}, element('strong', {}, t(`clerk.status.${step.status}`)), ' ', element('time', { datetime: step.at }, formatDateTime(step.at)), ' ', element('small', {}, step.actor)),
    step.missing?.length ? element('div', {}, t('clerk.missing', { items: step.missing.join('；') })) : null,
    step.reason ? element('div', {}, t('clerk.reason', { reason: step.reason })) : null,
    step.caseNumber ? element('div', {}, step.caseNumber) : null);
}

function decisionForm(id, heading, fields, button, body, danger = false) {
  const form = element('form', { class: 'form', novalidate: true, dataset: { decision: body.decision } },
    element('h3', {}, t(heading)), ...fields, element('p', { class: 'form-error', role: 'alert' }),
    element('div', { class: 'actions' }, element('button', { type: 'submit', class: danger ? 'danger' : null }, t(button))));
  onSubmit(form, async (data) => {
    const view = await api(`/filings/${encodeURIComponent(id)}/decision`, { method: 'POST', body: body.read(data) });
    toast(t('clerk.decided', { id, status: t(`clerk.status.${view.status}`) }) + (view.caseNumber ? ` ${view.caseNumber}` : ''));
    await Promise.all([render(view), loadQueue()]);
  });
  return form;
}

const labelled = (name, label, control) => element('label', { class: 'field' }, element('span', {}, t(label)), Object.assign(control, { name }), element('span', { class: 'field-error', role: 'alert' }));

async function show(id) {
  chosen = id;
  for (const item of list.children) { item.setAttribute('aria-current', String(item.dataset.id === id)); }
  await render(await api(`/filings/${encodeURIComponent(id)}`));
  detail.scrollIntoView({ block: 'nearest' });
}

async function render(view) {
  const application = view.application;
  const documents = application.documents.map((document) => element('li', {},
    element('a', { href: `/filings/${encodeURIComponent(view.id)}/documents/${encodeURIComponent(document.sha256)}`, download: document.name, target: '_blank' }, document.name), ' ',
    element('small', {}, `${document.contentType} · ${Math.ceil(document.size / 1024)} KB`)));
  const decisions = view.status === 'Submitted'
    ? element('div', { class: 'decisions' }, element('h2', {}, t('clerk.decide')),
      decisionForm(view.id, 'clerk.accept', [labelled('caseNumber', 'clerk.acceptCaseNumber', element('input', { autocomplete: 'off', value: `${application.courtId}-` }))], 'clerk.acceptButton',
        { decision: 'Accept', read: (data) => ({ decision: 'Accept', caseNumber: data.get('caseNumber').trim() }) }),
      decisionForm(view.id, 'clerk.correction', [
        labelled('missing', 'clerk.correctionMissing', element('textarea', {})),
        labelled('reason', 'clerk.correctionReason', element('textarea', {}))], 'clerk.correctionButton',
      { decision: 'RequestCorrection', read: (data) => ({ decision: 'RequestCorrection', missing: data.get('missing').split('\n').map((line) => line.trim()).filter(Boolean), reason: data.get('reason').trim() || null }) }),
      decisionForm(view.id, 'clerk.refuse', [labelled('reason', 'clerk.refuseReason', element('textarea', {}))], 'clerk.refuseButton',
        { decision: 'Refuse', read: (data) => ({ decision: 'Refuse', reason: data.get('reason').trim() }) }, true))
    : element('p', { class: 'muted' }, t('clerk.notOpen', { status: t(`clerk.status.${view.status}`) }));
  detail.replaceChildren(
    element('h2', {}, t('clerk.application', { id: view.id }), ' ', element('span', { class: 'chip', id: 'application-status' }, t(`clerk.status.${view.status}`))),
    element('dl', { class: 'facts' },
      ...fact('clerk.mobile', view.mobile),
      ...fact('clerk.court', application.courtId),
      ...fact('clerk.kind', t(`party.form.kind.${application.kind}`)),
      ...fact('clerk.amount', formatMoney(application.amountClaimed)),
      ...fact('clerk.basis', application.basisDocument),
      ...(view.status === 'Submitted' ? fact('clerk.decideByLabel', formatDate(view.decideBy)) : []),
      ...(view.caseNumber ? fact('clerk.caseNumber', view.caseNumber) : [])),
    element('h3', {}, t('clerk.applicants')), ...application.applicants.map(partyCard),
    element('h3', {}, t('clerk.debtors')), ...application.debtors.map(partyCard),
    element('h3', {}, t('clerk.documents')),
    documents.length ? element('ul', { id: 'documents' }, ...documents) : element('p', { class: 'empty' }, t('clerk.noDocuments')),
    element('h3', {}, t('clerk.history')), element('ul', { class: 'list', id: 'history' }, ...view.history.map(stepLine)),
    decisions);
}

filter.addEventListener('change', () => loadQueue().catch((error) => toast(error.message, { tier: 'Overdue' })));
document.getElementById('reload').addEventListener('click', () => loadQueue().catch((error) => toast(error.message, { tier: 'Overdue' })));
await loadQueue();
watchChanges(`/streams/courts/${encodeURIComponent(court)}/filings`, loadQueue);

// Filing by hand: the same fields as an online application plus the case number; the court is the clerk's own.
const fileForm = applicationFields(document.getElementById('file-form'), { withCaseNumber: true });
fileForm.elements.namedItem('caseNumber').value = `${court}-`;
onSubmit(fileForm, async () => {
  const view = await api('/cases', { method: 'POST', body: { ...readApplication(fileForm), courtId: court } });
  toast(t('clerk.filed', { caseNumber: view.caseNumber }));
  fileForm.reset();
  fileForm.elements.namedItem('caseNumber').value = `${court}-`;
});
