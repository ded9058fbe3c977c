// Online filing (网上立案): the applicant or their lawyer signs in with their mobile and a code sent by SMS, submits
// an application with its documents, follows it, and answers a correction request by sending it again.
import { api, ApiError, signIn, useSignInPage, whoAmI } from '/ui/api.js';
import { formatDate, formatDateTime, loadTexts, t } from '/ui/texts.js';
import { element, onSubmit, startPage } from '/ui/shell.js';
import { toast, watchChanges } from '/ui/live.js';
import { showCodeSignIn } from './code-sign-in.js';
import { applicationFields, fillApplication, readApplication } from './application-form.js';

const page = '/party/filing.html';
useSignInPage(page);
await loadTexts('common', 'party');
const query = new URLSearchParams(location.search);

function showSignIn() {
  const form = showCodeSignIn({
    requestCode: async (data) => {
      const courtId = data.get('courtId').trim().toUpperCase();
      await api('/filings/codes', { method: 'POST', body: { courtId, mobile: data.get('mobile').trim() }, signedOutIsError: true });
      sessionStorage.setItem('filing.court', courtId);
    },
    signInWithCode: async (data) => {
      await signIn('/filings/tokens', { mobile: data.get('mobile').trim(), code: data.get('code').trim() });
      location.assign(page);
    },
  });
  form.elements.courtId.value = query.get('court') ?? sessionStorage.getItem('filing.court') ?? '';
}

/** Uploads a document as the filer; answers its SHA-256 or says which file the server refused and why. */
async function upload(file) {
  try {
    return (await api('/filings/attachments', { method: 'POST', content: file, contentType: file.type || 'application/octet-stream' })).sha256;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) { throw error; }
    throw new Error(t('party.uploadFailed', { name: file.name }) + error.message);
  }
}

const uploadAll = async (files) => { const documents = []; for (const file of files) { documents.push({ name: file.name, sha256: await upload(file) }); } return documents; };

async function showFiler() {
  const { me } = await startPage({ texts: ['party'], roles: ['filer'], title: 'party.filing.title', signInPage: page });
  document.getElementById('bar').hidden = false;
  const mobile = me.userId.replace(/^filer:/, '');
  const who = document.querySelector('#bar .who');
  if (who?.firstChild?.nodeType === Node.TEXT_NODE) { who.firstChild.textContent = t('party.filing.you', { mobile }); }
  document.getElementById('filer').hidden = false;
  const list = document.getElementById('my-filings');
  const detail = document.getElementById('filing-detail');
  let chosen = query.get('id');

  const loadList = async () => {
    const filings = await api('/filings');
    list.replaceChildren(...filings.map((filing) => {
      const item = element('li', { class: `clickable ${tierOf(filing.status)}`, tabindex: '0', dataset: { id: filing.id, status: filing.status } },
        element('div', {}, element('strong', {}, filing.id), ' ', element('span', { class: 'chip' }, t(`party.filing.status.${filing.status}`))),
        element('div', {}, [...filing.application.applicants.map((p) => p.name)].join('、'), ' v ', [...filing.application.debtors.map((p) => p.name)].join('、')),
        element('small', {}, formatDateTime(filing.history.at(-1)?.at)));
      const open = () => { chosen = filing.id; render(filing); };
      item.addEventListener('click', open);
      item.addEventListener('keydown', (event) => { if (event.key === 'Enter') { open(); } });
      return item;
    }));
    if (!filings.length) { list.replaceChildren(element('li', { class: 'empty' }, t('party.filing.none'))); }
    const current = filings.find((filing) => filing.id === chosen) ?? filings[0];
    if (current) { chosen = current.id; render(current); }
  };

  let shown = '';
  const render = (view) => {
    for (const item of list.children) { item.setAttribute('aria-current', String(item.dataset.id === view.id)); }
    if (shown === `${view.id}#${view.history.length}`) { return; } // unchanged: keep a correction being typed
    shown = `${view.id}#${view.history.length}`;
    detail.hidden = false;
    const history = view.history.map((step) => element('li', { class: tierOf(step.status) },
      element('div', {}, element('strong', {}, t(`party.filing.status.${step.status}`)), ' ', element('time', { datetime: step.at }, formatDateTime(step.at))),
      step.missing?.length ? element('div', {}, t('party.filing.missing', { items: step.missing.join('；') })) : null,
      step.reason ? element('div', {}, t('party.filing.reason', { reason: step.reason })) : null,
      step.caseNumber ? element('div', {}, t('party.filing.caseNumber', { caseNumber: step.caseNumber })) : null));
    detail.replaceChildren(...[
      element('h2', {}, t('party.filing.application', { id: view.id }), ' ', element('span', { class: 'chip', id: 'filing-status' }, t(`party.filing.status.${view.status}`))),
      view.status === 'Submitted' ? element('p', {}, t('party.filing.decideBy', { date: formatDate(view.decideBy) })) : null,
      view.caseNumber ? element('p', { id: 'filing-case' }, element('strong', {}, t('party.filing.caseNumber', { caseNumber: view.caseNumber })), ' ',
        element('a', { href: `/party/?case=${encodeURIComponent(view.caseNumber)}` }, t('party.filing.caseLink'))) : null,
      view.status === 'CorrectionRequested' ? correctionForm(view) : null,
      element('h3', {}, t('party.filing.history')), element('ul', { class: 'list', id: 'filing-history' }, ...history)].filter(Boolean));
  };

  const correctionForm = (view) => {
    const last = [...view.history].reverse().find((step) => step.status === 'CorrectionRequested');
    const keep = view.application.documents.map((document) => element('label', { class: 'choice' },
      element('input', { type: 'checkbox', name: 'keep', value: document.sha256, checked: true, dataset: { name: document.name } }),
      element('a', { href: `/filings/${encodeURIComponent(view.id)}/documents/${encodeURIComponent(document.sha256)}`, download: document.name }, document.name)));
    const form = element('form', { class: 'form', id: 'correction-form', novalidate: true },
      element('h3', {}, t('party.filing.correction')),
      element('p', {}, t('party.filing.correctionHint')),
      element('ul', { id: 'correction-missing' }, ...(last?.missing ?? []).map((item) => element('li', {}, item))),
      last?.reason ? element('p', {}, t('party.filing.reason', { reason: last.reason })) : null,
      element('div', { class: 'field' }, element('span', {}, t('party.filing.keepDocuments')), ...keep),
      element('label', { class: 'field' }, element('span', {}, t('party.filing.addDocuments')),
        element('input', { type: 'file', name: 'documents', multiple: true, accept: 'application/pdf,image/jpeg,image/png' }), element('span', { class: 'field-error', role: 'alert' })),
      element('p', { class: 'form-error', role: 'alert' }),
      element('div', { class: 'actions' }, element('button', { type: 'submit' }, t('party.filing.resubmit'))));
    applicationFields(form);
    fillApplication(form, view.application);
    onSubmit(form, async () => {
      const kept = [...form.querySelectorAll('input[name=keep]:checked')].map((box) => ({ name: box.dataset.name, sha256: box.value }));
      const added = await uploadAll([...form.elements.namedItem('documents').files]);
      const next = await api(`/filings/${encodeURIComponent(view.id)}`, { method: 'PUT', body: { ...readApplication(form), courtId: view.application.courtId, documents: [...kept, ...added] } });
      toast(t('party.filing.resubmitted'));
      chosen = next.id;
      await loadList();
    });
    return form;
  };

  const form = document.getElementById('new-filing');
  const documentsField = document.getElementById('documents-field');
  applicationFields(form, { withCourt: true });
  form.insertBefore(documentsField, form.querySelector('.form-error'));
  const prefill = () => {
    form.elements.namedItem('courtId').value = query.get('court') ?? sessionStorage.getItem('filing.court') ?? '';
    form.elements.namedItem('applicants[0].mobile').value = mobile;
  };
  prefill();
  onSubmit(form, async () => {
    const documents = await uploadAll([...form.elements.namedItem('documents').files]);
    const view = await api('/filings', { method: 'POST', body: { ...readApplication(form), documents } });
    toast(t('party.filing.submitted', { id: view.id, date: formatDate(view.decideBy) }));
    form.reset();
    prefill();
    chosen = view.id;
    await loadList();
    detail.scrollIntoView({ block: 'start' });
  });
  document.getElementById('refresh').addEventListener('click', () => loadList().catch((error) => toast(error.message, { tier: 'Overdue' })));
  await loadList();
  watchChanges('/streams/filings', loadList);
}

function tierOf(status) {
  return { Accepted: 'tier-done', Refused: 'tier-overdue', CorrectionRequested: 'tier-due' }[status] ?? '';
}

const me = await whoAmI();
if (me?.role === 'filer') { await showFiler(); } else { showSignIn(); }
