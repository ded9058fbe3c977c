// The party's page (阳光执行): sign-in with case number, ID number, mobile and the code sent by SMS, then the case:
// progress, open limits, the case account, the thread with the judge, property clues and the opinion before closing.
import { api, ApiError, signIn, useSignInPage, whoAmI } from '/ui/api.js';
import { deadlineTitle, formatDate, formatDateTime, formatMoney, loadTexts, t } from '/ui/texts.js';
import { element, onSubmit, startPage } from '/ui/shell.js';
import { toast, watchChanges } from '/ui/live.js';
import { showCodeSignIn } from './code-sign-in.js';

const home = '/party/';
useSignInPage(home);
await loadTexts('common', 'party');

function showSignIn() {
  const query = new URLSearchParams(location.search);
  const form = showCodeSignIn({
    requestCode: (data) => api('/party/codes', { method: 'POST', body: { caseNumber: data.get('caseNumber').trim(), idNumber: data.get('idNumber').trim(), mobile: data.get('mobile').trim() }, signedOutIsError: true }),
    signInWithCode: async (data) => {
      await signIn('/party/tokens', { caseNumber: data.get('caseNumber').trim(), idNumber: data.get('idNumber').trim(), code: data.get('code').trim() });
      const back = query.get('return');
      location.assign(back && back.startsWith(home) && !back.startsWith('//') ? back : home);
    },
  });
  if (query.get('case')) { form.elements.caseNumber.value = query.get('case'); }
}

async function showCase() {
  const { me: caller } = await startPage({ texts: ['party'], roles: ['party'], title: 'party.title', signInPage: home });
  document.getElementById('bar').hidden = false;
  const place = caller.userId.slice(caller.userId.lastIndexOf(':') + 1);
  const applicant = place.startsWith('a');
  const lawyer = place.endsWith('.lawyer');
  const caseNumber = caller.userId.split(':')[1] ?? '';
  const who = document.querySelector('#bar .who');
  if (who?.firstChild?.nodeType === Node.TEXT_NODE) {
    const youKey = `party.you.${applicant ? 'applicant' : 'debtor'}${lawyer ? 'Lawyer' : ''}`;
    who.firstChild.textContent = `${t(youKey)} · ${caseNumber}`;
  }
  document.getElementById('case').hidden = false;
  document.getElementById('clue').hidden = !applicant;

  const load = async () => {
    const [view, thread] = await Promise.all([api('/party/case'), api('/party/case/messages')]);
    renderCase(view, applicant);
    await renderThread(thread, place);
  };
  document.getElementById('refresh').addEventListener('click', () => load().catch((error) => toast(error.message, { tier: 'Overdue' })));
  setUpMessages(place);
  if (applicant) { setUpClues(applicant); }
  await load();
  watchChanges('/streams/party/case', load);
}

function renderCase(view, applicant) {
  const facts = document.getElementById('facts');
  const fact = (label, value) => [element('dt', {}, t(label)), element('dd', {}, value)];
  facts.replaceChildren(
    ...fact('party.caseNumber', view.caseNumber),
    ...fact('party.court', view.court),
    ...fact('party.status', t(`party.status.${view.status}`)),
    ...fact('party.filedAt', formatDate(view.filedAt)),
    ...fact('party.judge', t(view.judgeId ? 'party.judgeAssigned' : 'party.judgePending')),
  );

  const steps = document.getElementById('steps');
  const shown = view.steps.filter((step) => step.kind !== 'MessagePosted');
  steps.replaceChildren(...shown.map((step) => element('li', { class: 'tier-done', dataset: { kind: step.kind } },
    element('strong', {}, t(`party.step.${step.kind}`)),
    element('time', { datetime: step.at }, formatDateTime(step.at)),
    step.amount !== undefined && step.amount !== null ? element('span', { class: 'amount number' }, formatMoney(step.amount)) : null,
    step.result ? element('span', {}, step.result) : null)));
  if (!shown.length) { steps.replaceChildren(element('li', { class: 'empty' }, t('party.noSteps'))); }

  const today = new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD in the browser's time zone
  const limits = document.getElementById('limit-list');
  limits.replaceChildren(...[...view.openDeadlines].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).map((limit) => element('li', { class: limit.dueDate < today ? 'tier-overdue' : limit.dueDate === today ? 'tier-due' : '' },
    element('strong', {}, deadlineTitle(limit)), ' ',
    element('span', { class: 'muted' }, t('party.dueBy', { date: formatDate(limit.dueDate) })))));
  if (!view.openDeadlines.length) { limits.replaceChildren(element('li', { class: 'empty' }, t('party.noLimits'))); }

  document.getElementById('funds-received').textContent = formatMoney(view.fundsReceived);
  document.getElementById('funds-paid-out').textContent = formatMoney(view.fundsPaidOut);
  document.getElementById('funds-held').textContent = formatMoney(view.fundsHeld);

  renderOpinion(view.opinion, applicant);
}

function renderOpinion(opinion, applicant) {
  const section = document.getElementById('opinion');
  const body = document.getElementById('opinion-body');
  section.hidden = !opinion;
  if (!opinion) { body.replaceChildren(); return; }
  const lines = [
    opinion.proposal ? element('p', {}, t('party.opinionProposal', { proposal: opinion.proposal })) : null,
    element('p', { class: 'muted' }, t('party.opinionDue', { date: formatDate(opinion.dueDate) })),
  ].filter(Boolean);
  if (!applicant) { body.replaceChildren(...lines, element('p', { class: 'muted' }, t('party.opinionApplicantsOnly'))); return; }
  if (opinion.answered) {
    body.replaceChildren(...lines, element('p', { class: 'chip ok', id: 'opinion-answered' }, t('party.opinionAnswered', { answer: t(opinion.agrees === false ? 'party.opinionDisagree' : 'party.opinionAgree') })));
    return;
  }
  if (opinion.settled) { body.replaceChildren(...lines, element('p', { class: 'muted' }, t('party.opinionSettled'))); return; }
  const open = document.getElementById('opinion-form');
  if (open) { body.replaceChildren(...lines, open); return; } // a reload must not clear what the party is typing
  const choice = (value, label) => element('label', {}, element('input', { type: 'radio', name: 'agrees', value }), t(label));
  const form = element('form', { class: 'form', id: 'opinion-form', novalidate: true },
    element('div', { class: 'field' }, element('div', { class: 'choice' }, choice('true', 'party.opinionAgree'), choice('false', 'party.opinionDisagree')), element('span', { class: 'field-error', role: 'alert' })),
    element('label', { class: 'field' }, element('span', {}, t('party.opinionText')), element('textarea', { name: 'text', maxlength: '2000' }), element('span', { class: 'field-error', role: 'alert' })),
    element('p', { class: 'form-error', role: 'alert' }),
    element('div', { class: 'actions' }, element('button', { type: 'submit' }, t('party.opinionSend'))));
  onSubmit(form, async (data) => {
    const agrees = data.get('agrees');
    if (agrees === null) { throw new Error(t('party.opinionChoose')); }
    const view = await api('/party/case/opinion', { method: 'POST', body: { agrees: agrees === 'true', text: data.get('text') || null } });
    toast(t('party.opinionSent'));
    renderCase(view, applicant);
  });
  body.replaceChildren(...lines, form);
}

async function renderThread(thread, place) {
  const list = document.getElementById('messages');
  list.replaceChildren(...thread.messages.map((message) => element('li', { class: `message${message.from === place ? ' mine' : ''}`, dataset: { sequence: String(message.sequence) } },
    element('div', {}, element('span', { class: 'who' }, message.name), ' ', element('span', { class: 'chip' }, t(`party.role.${message.role}`)), ' ',
      element('time', { datetime: message.at }, formatDateTime(message.at))),
    message.text ? element('div', { class: 'text' }, message.text) : null,
    message.attachments.length ? element('div', { class: 'files' }, ...message.attachments.map((file) =>
      element('a', { class: 'chip', href: `/party/case/attachments/${encodeURIComponent(file.sha256)}`, download: file.name }, file.name))) : null)));
  if (!thread.messages.length) { list.replaceChildren(element('li', { class: 'empty' }, t('party.noMessages'))); }
  const unread = document.getElementById('unread');
  unread.textContent = thread.unread ? String(thread.unread) : '';
  unread.title = t('party.unread', { count: thread.unread });
  const last = thread.messages.at(-1);
  if (thread.unread && last) { await api('/party/case/messages/read', { method: 'PUT', body: { upTo: last.sequence } }); }
}

/** Uploads a file as the party (raw body); answers { sha256, size, contentType } or says which file the server refused and why. */
async function upload(file) {
  try {
    return await api('/party/case/attachments', { method: 'POST', content: file, contentType: file.type || 'application/octet-stream' });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) { throw error; }
    throw new Error(t('party.uploadFailed', { name: file.name }) + error.message);
  }
}

function setUpMessages(place) {
  const form = document.getElementById('message-form');
  let clientKey = crypto.randomUUID();
  onSubmit(form, async (data) => {
    const text = (data.get('text') ?? '').trim();
    const files = [...form.elements.attachments.files];
    if (!text && !files.length) { throw new Error(t('party.messageEmpty')); }
    const attachments = [];
    for (const file of files) { attachments.push({ name: file.name, sha256: (await upload(file)).sha256 }); }
    await api('/party/case/messages', { method: 'POST', body: { text: text || null, attachments, clientKey } });
    clientKey = crypto.randomUUID();
    form.reset();
    toast(t('party.messageSent'));
    await renderThread(await api('/party/case/messages'), place);
  });
}

function setUpClues(applicant) {
  const form = document.getElementById('clue-form');
  onSubmit(form, async (data) => {
    const file = form.elements.attachment.files[0];
    const stored = file ? await upload(file) : null;
    const view = await api('/party/case/clues', {
      method: 'POST',
      body: { kind: data.get('kind'), description: data.get('description'), attachment: stored ? { name: file.name, sha256: stored.sha256, size: stored.size } : null },
    });
    form.reset();
    toast(t('party.clueSent'));
    renderCase(view, applicant);
  });
}

const me = await whoAmI();
if (me?.role === 'party') { await showCase(); } else { showSignIn(); }
