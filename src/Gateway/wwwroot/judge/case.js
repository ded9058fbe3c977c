// One case as its judge sees it: parties, open limits with their colours, measures and clues, the case account, the
// thread with the parties (attachments, posting, marking read), the notices and their delivery, the record with its
// verification, the form that records a step, and the work outside the court (field-work.js). Refreshes itself when an
// alert about the case arrives.
import { api, element, field, onSubmit, t } from '/ui/shell.js';
import { deadlineTitle, formatDate, formatDateTime, formatMoney, problemText } from '/ui/texts.js';
import { startJudgePage, deadlineChip, tierClass, showFailure } from './common.js';
import { stepKinds, stepBody } from './steps.js';
import { startFieldWork } from './field-work.js';

const caseNumber = new URLSearchParams(location.search).get('case') ?? '';
const $ = (id) => document.getElementById(id);
let theCase = null;
let thread = null;
let loading = null;
let fieldWork = null;

const { me } = await startJudgePage('judge.casePage', (alert) => { if (alert.caseNumber === caseNumber) { refresh(); } });
$('case-title').textContent = caseNumber;
document.title = `${caseNumber} · Coordination`;
buildStepForm();
buildPostForm();
fieldWork = await startFieldWork(caseNumber, me, () => refresh());
await refresh();

/** Loads everything again; a refresh asked for while one runs runs once more after it. */
async function refresh() {
  if (loading) { loading.again = true; return; }
  loading = { again: false };
  try {
    const [view, record, verification, messages, notices] = await Promise.all([
      api(`/cases/${encodeURIComponent(caseNumber)}`), api(`/cases/${encodeURIComponent(caseNumber)}/record`),
      api(`/cases/${encodeURIComponent(caseNumber)}/record/verification`), api(`/cases/${encodeURIComponent(caseNumber)}/messages`),
      api(`/cases/${encodeURIComponent(caseNumber)}/notices`),
    ]);
    theCase = view;
    thread = messages;
    drawFacts(view);
    drawDeadlines(view);
    drawParties(view);
    drawMeasures(view);
    drawAccount(view);
    drawThread(messages);
    drawNotices(notices, view);
    drawRecord(record, verification);
    const mine = view.judgeId === me.userId && !['Closed', 'Terminated'].includes(view.status);
    $('step-panel').hidden = !mine;
    $('post-form').hidden = view.judgeId !== me.userId;
    refreshStepChoices();
    await fieldWork?.draw(view);
    document.body.dataset.loaded = String(view.recordLength);
  } catch (error) {
    showFailure($('case-facts'), error);
  } finally {
    const again = loading.again;
    loading = null;
    if (again) { refresh(); }
  }
}

function drawFacts(view) {
  $('case-facts').replaceChildren(element('dl', { class: 'facts' },
    element('dt', {}, t('judge.statusLabel')), element('dd', {}, element('span', { class: 'chip', id: 'case-status' }, t(`judge.status.${view.status}`))),
    element('dt', {}, t('judge.caseKind')), element('dd', {}, t(`judge.caseKind.${view.filing.kind}`)),
    element('dt', {}, t('judge.amountClaimed')), element('dd', { class: 'number' }, formatMoney(view.filing.amountClaimed)),
    element('dt', {}, t('judge.basis')), element('dd', {}, view.filing.basisDocument ?? ''),
    element('dt', {}, t('judge.judge')), element('dd', {}, view.judgeId ?? t('common.none')),
    element('dt', {}, t('judge.filedAt')), element('dd', {}, formatDateTime(view.filedAt)),
    ...(view.opinion ? [element('dt', {}, t('judge.opinion')), element('dd', {}, t('judge.opinionState', {
      due: formatDate(view.opinion.dueDate), answered: Object.keys(view.opinion.answers ?? {}).length, all: view.filing.applicants.length,
    }))] : [])));
}

function drawDeadlines(view) {
  const list = $('deadlines');
  if (!view.deadlines.length) { list.replaceChildren(element('li', { class: 'empty' }, t('judge.noOpenLimits'))); return; }
  list.replaceChildren(...view.deadlines.map(({ deadline, tier }) => element('li', { class: tierClass(tier), dataset: { deadline: deadline.id, tier: tier ?? 'None' } },
    element('div', { class: 'row' }, deadlineChip(deadline, tier), tier ? element('strong', {}, t(`common.tier.${tier}`)) : null),
    element('small', {}, t('judge.dueOn', { date: formatDate(deadline.dueDate) })))));
}

function drawParties(view) {
  const person = (party, role) => element('li', {},
    element('div', { class: 'row' }, element('span', { class: 'chip' }, t(`judge.role.${role}`)), element('strong', {}, party.name)),
    element('dl', { class: 'facts' },
      element('dt', {}, t('judge.idNumber')), element('dd', {}, party.idNumber),
      element('dt', {}, t('judge.mobile')), element('dd', {}, party.mobile),
      element('dt', {}, t('judge.address')), element('dd', {}, party.address?.text ?? ''),
      ...(party.lawyer ? [element('dt', {}, t('judge.lawyer')), element('dd', {}, `${party.lawyer.name} ${party.lawyer.firm ?? ''} ${party.lawyer.mobile ?? ''}`)] : [])));
  $('parties').replaceChildren(element('ul', { class: 'list' },
    ...view.filing.applicants.map((party) => person(party, 'applicant')), ...view.filing.debtors.map((party) => person(party, 'debtor'))));
}

function drawMeasures(view) {
  const measures = Object.entries(view.measures);
  $('measures').replaceChildren(...(measures.length ? measures.map(([id, measure]) => element('li', { class: measure.endedAt ? 'tier-done' : '', dataset: { measure: id } },
    element('div', { class: 'row' }, element('strong', {}, `${id} · ${t(`judge.kind.${measure.kind}`)}`),
      measure.endedAt ? element('span', { class: 'chip ok' }, t('judge.measureEnded', { date: formatDate(measure.endedAt) })) : null),
    element('div', {}, [measure.target, measure.amount ? formatMoney(measure.amount) : null,
      measure.seizure ? t(`judge.seizure.${measure.seizure}`) : null, measure.credit ? t(`judge.credit.${measure.credit}`) : null].filter(Boolean).join(' · ')),
    measure.expiresOn ? element('small', {}, t('judge.expiresOn', { date: formatDate(measure.expiresOn), renewals: measure.renewals ?? 0 })) : null))
    : [element('li', { class: 'empty' }, t('judge.noMeasures'))]));
  const clues = Object.entries(view.clues);
  $('clues').replaceChildren(...(clues.length ? clues.map(([id, clue]) => element('li', { class: clue.verifiedAt ? 'tier-done' : 'tier-upcoming', dataset: { clue: id } },
    element('div', { class: 'row' }, element('strong', {}, id), element('small', {}, formatDateTime(clue.receivedAt)),
      element('span', { class: `chip ${clue.verifiedAt ? 'ok' : ''}`.trim() }, clue.verifiedAt ? t('judge.clueVerified') : t('judge.clueOpen'))),
    element('div', { class: 'clue-description' }, clue.description),
    clue.attachment ? element('div', { class: 'chips' }, attachmentLink(clue.attachment)) : null,
    clue.result ? element('small', {}, clue.result) : null))
    : [element('li', { class: 'empty' }, t('judge.noClues'))]));
}

function drawAccount(view) {
  $('account').replaceChildren(
    element('dt', {}, t('judge.fundsReceived')), element('dd', { class: 'number', id: 'funds-received' }, formatMoney(view.fundsReceived)),
    element('dt', {}, t('judge.fundsPaidOut')), element('dd', { class: 'number', id: 'funds-paid-out' }, formatMoney(view.fundsPaidOut)),
    element('dt', {}, t('judge.fundsHeld')), element('dd', { class: 'number', id: 'funds-held' }, formatMoney(view.fundsHeld)));
}

function drawThread(view) {
  const list = $('thread');
  $('thread-unread').textContent = view.unread ? String(view.unread) : '';
  $('mark-read').hidden = !view.unread;
  if (!view.messages.length) { list.replaceChildren(element('li', { class: 'empty' }, t('judge.noMessages'))); return; }
  list.replaceChildren(...view.messages.map((message) => element('li', {
    class: [message.from === me.userId ? 'mine' : '', message.sequence > view.readUpTo && message.from !== me.userId ? 'unread' : ''].filter(Boolean).join(' '),
    dataset: { sequence: message.sequence },
  },
  element('div', { class: 'meta' }, element('strong', {}, message.name), element('span', { class: 'chip' }, t(`judge.author.${message.role}`)), element('small', {}, formatDateTime(message.at))),
  message.text ? element('div', { class: 'message-text' }, message.text) : null,
  message.attachments.length ? element('div', { class: 'chips' }, ...message.attachments.map(attachmentLink)) : null)));
  list.scrollTop = list.scrollHeight;
}

/** A link that opens a file of the case's thread or clues (GET /cases/{n}/attachments/{sha256}). */
function attachmentLink(file) {
  return element('a', {
    class: 'chip attachment', href: `/cases/${encodeURIComponent(caseNumber)}/attachments/${encodeURIComponent(file.sha256)}`, target: '_blank', rel: 'noopener',
  }, `${file.name} (${Math.ceil(file.size / 1024)} KB)`);
}

function drawNotices(notices, view) {
  const list = $('notices');
  if (!notices.length) { list.replaceChildren(element('li', { class: 'empty' }, t('judge.noNotices'))); return; }
  const statusClass = { Delivered: 'ok', Failed: 'bad' };
  list.replaceChildren(...notices.slice().reverse().map((entry) => {
    const item = element('li', { class: entry.status === 'Failed' ? 'tier-overdue' : entry.status === 'Delivered' ? 'tier-done' : 'tier-upcoming', dataset: { notice: entry.notice.key, status: entry.status } },
      element('div', { class: 'row' }, element('span', { class: `chip ${statusClass[entry.status] ?? ''}`.trim() }, t(`judge.noticeStatus.${entry.status}`)),
        element('strong', {}, `${entry.notice.party} ${entry.notice.mobile}`), element('small', {}, t(`judge.kind.${entry.notice.step}`))),
      element('div', { class: 'notice-text' }, entry.notice.text),
      element('small', {}, [formatDateTime(entry.deliveredAt ?? entry.sentAt ?? entry.createdAt), entry.lastError && problemText(entry.lastErrorText, entry.lastError)].filter(Boolean).join(' · ')));
    if (entry.status === 'AwaitingApproval' && view.judgeId === me.userId) {
      const approve = element('button', { type: 'button', class: 'secondary' }, t('judge.approveNotice'));
      const error = element('p', { class: 'form-error', role: 'alert' });
      approve.addEventListener('click', async () => {
        approve.disabled = true;
        try { await api(`/notices/${encodeURIComponent(entry.notice.key)}/approve`, { method: 'POST' }); await refresh(); } catch (failure) { error.textContent = failure.message; approve.disabled = false; }
      });
      item.append(element('div', { class: 'actions' }, approve), error);
    }
    return item;
  }));
}

function describe(entry) {
  const step = entry.step ?? {};
  const parts = [step.note, step.result, step.target, step.amount ? formatMoney(step.amount) : null, step.measureId, step.clueId, step.judgeId,
    step.days ? t('judge.days', { days: step.days }) : null, entry.expiresOn ? t('judge.until', { date: formatDate(entry.expiresOn) }) : null];
  return parts.filter(Boolean).join(' · ');
}

function drawRecord(record, verification) {
  const chip = $('verification');
  chip.className = `chip ${verification.intact ? 'ok' : 'bad'}`;
  chip.dataset.intact = String(verification.intact);
  chip.textContent = verification.intact ? t('judge.recordIntact', { entries: verification.entries }) : t('judge.recordBroken');
  $('verification-problem').textContent = verification.intact ? '' : [verification.problem, verification.firstBadSequence ? t('judge.firstBad', { sequence: verification.firstBadSequence }) : null].filter(Boolean).join(' ');
  const titles = new Map(record.flatMap((entry) => entry.opened.map((deadline) => [deadline.id, deadlineTitle(deadline)])));
  $('record').replaceChildren(...record.slice().reverse().map((entry) => element('li', { dataset: { sequence: entry.sequence, kind: entry.kind } },
    element('div', { class: 'row' }, element('strong', {}, `#${entry.sequence} ${t(`judge.kind.${entry.kind}`)}`), element('small', {}, `${formatDateTime(entry.at)} · ${entry.actor}`)),
    describe(entry) ? element('div', {}, describe(entry)) : null,
    entry.opened.length ? element('small', {}, t('judge.opened', { titles: entry.opened.map(deadlineTitle).join('、') })) : null,
    entry.closed.length ? element('small', {}, ' ', t('judge.closed', { ids: entry.closed.map((id) => titles.get(id) ?? id).join('、') })) : null)));
}

// ---- recording a step -------------------------------------------------------------------------------------------

function buildStepForm() {
  const select = $('step-kind');
  select.replaceChildren(...stepKinds.map(({ kind }) => element('option', { value: kind }, t(`judge.kind.${kind}`))));
  select.addEventListener('change', drawStepFields);
  drawStepFields();
  onSubmit($('step-form'), async (data) => {
    const kind = data.get('kind');
    await api(`/cases/${encodeURIComponent(caseNumber)}/steps`, { method: 'POST', body: stepBody(kind, data) });
    const { toast } = await import('/ui/live.js');
    toast(t('judge.stepRecorded', { kind: t(`judge.kind.${kind}`) }), { timeout: 5000 });
    for (const input of $('step-fields').querySelectorAll('input, textarea')) { if (input.type === 'checkbox') { input.checked = false; } else { input.value = ''; } }
    await refresh();
  });
}

function inputFor(spec) {
  switch (spec.type) {
    case 'textarea': return element('textarea', { maxlength: 2000, required: spec.required });
    case 'amount': return element('input', { type: 'number', min: '0.01', step: '0.01', inputmode: 'decimal', required: spec.required });
    case 'days': return element('input', { type: 'number', min: '1', max: '366', step: '1', inputmode: 'numeric', required: spec.required });
    case 'date': return element('input', { type: 'date' });
    case 'check': return element('input', { type: 'checkbox' });
    case 'choice': return element('select', { required: spec.required }, ...spec.options.map((option) => element('option', { value: option }, t(`judge.${spec.name}.${option}`))));
    case 'measure': return element('select', { required: true, dataset: { measures: spec.measures.join(',') } });
    case 'clue': return element('select', { required: true, dataset: { clues: '' } });
    default: return element('input', { type: 'text', maxlength: 300, required: spec.required });
  }
}

function drawStepFields() {
  const kind = $('step-kind').value;
  const spec = stepKinds.find((entry) => entry.kind === kind);
  $('step-fields').replaceChildren(...spec.fields.map((fieldSpec) => {
    const label = `judge.field.${fieldSpec.label ?? fieldSpec.name}`;
    const made = field(fieldSpec.name, label, inputFor(fieldSpec));
    if (!fieldSpec.required && fieldSpec.type !== 'check') { made.querySelector('span').append(' ', element('small', {}, t('judge.optional'))); }
    if (fieldSpec.type === 'check') { made.classList.add('check'); }
    return made;
  }));
  refreshStepChoices();
}

/** Fills the measure and clue pickers with what the case has now. */
function refreshStepChoices() {
  if (!theCase) { return; }
  for (const select of $('step-fields').querySelectorAll('select[data-measures]')) {
    const kinds = select.dataset.measures.split(',');
    const chosen = select.value;
    const options = Object.entries(theCase.measures).filter(([, measure]) => kinds.includes(measure.kind) && !measure.endedAt)
      .map(([id, measure]) => element('option', { value: id }, `${id} · ${t(`judge.kind.${measure.kind}`)} · ${measure.target ?? ''}${measure.expiresOn ? ` · ${formatDate(measure.expiresOn)}` : ''}`));
    select.replaceChildren(...(options.length ? options : [element('option', { value: '' }, t('judge.noMeasureToPick'))]));
    if (chosen) { select.value = chosen; }
  }
  for (const select of $('step-fields').querySelectorAll('select[data-clues]')) {
    const chosen = select.value;
    const options = Object.entries(theCase.clues).filter(([, clue]) => !clue.verifiedAt)
      .map(([id, clue]) => element('option', { value: id }, `${id} · ${clue.description.slice(0, 60)}`));
    select.replaceChildren(...(options.length ? options : [element('option', { value: '' }, t('judge.noClueToPick'))]));
    if (chosen) { select.value = chosen; }
  }
}

// ---- the thread ---------------------------------------------------------------------------------------------------

function buildPostForm() {
  onSubmit($('post-form'), async (data) => {
    const files = data.getAll('attachments').filter((file) => file instanceof File && file.size > 0);
    const attachments = [];
    for (const file of files) {
      const stored = await api(`/cases/${encodeURIComponent(caseNumber)}/attachments`, { method: 'POST', content: file, contentType: file.type || 'application/octet-stream' });
      attachments.push({ name: file.name, sha256: stored.sha256 });
    }
    const clientKey = crypto.randomUUID();
    await api(`/cases/${encodeURIComponent(caseNumber)}/messages`, { method: 'POST', body: { text: String(data.get('text') ?? '').trim() || null, attachments: attachments.length ? attachments : null, clientKey } });
    $('post-form').reset();
    await refresh();
  });
  $('mark-read').addEventListener('click', async () => {
    if (!thread?.messages.length) { return; }
    try {
      thread = await api(`/cases/${encodeURIComponent(caseNumber)}/messages/read`, { method: 'PUT', body: { upTo: thread.messages[thread.messages.length - 1].sequence } });
      drawThread(thread);
    } catch (error) { $('mark-read').title = error.message; }
  });
}
