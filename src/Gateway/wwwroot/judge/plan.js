// The judge's week plan (周计划): the week's deadlines and own items, coloured as the API says; own items can be
// added, moved to another day, ticked off and removed; previous and next week.
import { api, element, onSubmit, t } from '/ui/shell.js';
import { deadlineTitle, formatDate } from '/ui/texts.js';
import { startJudgePage, colourClass, caseHref, showFailure, courtToday } from './common.js';

const $ = (id) => document.getElementById(id);
const iso = (date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const addDays = (day, days) => { const date = new Date(`${day}T00:00:00`); date.setDate(date.getDate() + days); return iso(date); };
let day = new URLSearchParams(location.search).get('day') ?? courtToday();
let items = new Map();

await startJudgePage('judge.nav.plan', () => load());
$('previous').addEventListener('click', () => { day = addDays(day, -7); load(); });
$('next').addEventListener('click', () => { day = addDays(day, 7); load(); });
$('this-week').addEventListener('click', () => { day = courtToday(); load(); });
onSubmit($('add-item'), async (data) => {
  await api('/judges/me/plan/items', { method: 'POST', body: { id: null, date: data.get('date'), title: String(data.get('title') ?? '').trim(), caseNumber: data.get('caseNumber') || null, done: false } });
  $('add-item').querySelector('input[name=title]').value = '';
  await load();
});
const cases = await api('/judges/me/caseload');
$('add-item').querySelector('select[name=caseNumber]').replaceChildren(element('option', { value: '' }, t('common.none')),
  ...cases.map((summary) => element('option', { value: summary.caseNumber }, `${summary.caseNumber} ${summary.parties}`)));
await load();

async function load() {
  try {
    const plan = await api(`/judges/me/plan?day=${encodeURIComponent(day)}`);
    draw(plan);
  } catch (error) {
    showFailure($('week'), error);
  }
}

function draw(plan) {
  const end = addDays(plan.weekStart, 6);
  $('week-title').textContent = t('judge.plan.week', { from: formatDate(plan.weekStart), to: formatDate(end) });
  $('add-item').querySelector('input[name=date]').value ||= plan.weekStart;
  items = new Map();
  const today = courtToday();
  const days = [...Array(7).keys()].map((offset) => addDays(plan.weekStart, offset));
  $('week').replaceChildren(...days.map((date) => {
    const entries = plan.entries.filter((entry) => entry.date === date);
    return element('section', { class: `panel day ${date === today ? 'today' : ''}`.trim(), dataset: { date } },
      element('h3', {}, `${t(`judge.plan.weekday.${new Date(`${date}T00:00:00`).getDay()}`)} ${formatDate(date)}`),
      element('ul', { class: 'list' }, ...(entries.length ? entries.map(entryItem) : [element('li', { class: 'empty' }, t('common.none'))])));
  }));
}

function entryItem(entry) {
  const item = element('li', { class: [colourClass(entry.colour), entry.done ? 'done tier-done' : ''].filter(Boolean).join(' '), dataset: { item: entry.itemId ?? '', deadline: entry.deadlineId ?? '', colour: entry.colour } },
    element('div', {}, deadlineTitle(entry)),
    entry.caseNumber ? element('a', { href: caseHref(entry.caseNumber) }, entry.caseNumber) : null,
    entry.deadlineId ? element('small', {}, ' ', t('judge.plan.deadline')) : null);
  if (!entry.itemId) { return item; }
  const own = { id: entry.itemId, date: entry.date, title: entry.title, caseNumber: entry.caseNumber, done: entry.done };
  const error = element('p', { class: 'form-error', role: 'alert' });
  const save = async (changed) => {
    try { await api(`/judges/me/plan/items/${encodeURIComponent(own.id)}`, { method: 'PUT', body: { ...own, ...changed } }); await load(); } catch (failure) { error.textContent = failure.message; }
  };
  const done = element('input', { type: 'checkbox', 'aria-label': t('judge.plan.done') });
  done.checked = entry.done;
  done.addEventListener('change', () => save({ done: done.checked }));
  const move = element('input', { type: 'date', value: entry.date, 'aria-label': t('judge.plan.move') });
  move.addEventListener('change', () => { if (move.value) { save({ date: move.value }); } });
  const remove = element('button', { type: 'button', class: 'danger' }, t('judge.plan.remove'));
  remove.addEventListener('click', async () => {
    try { await api(`/judges/me/plan/items/${encodeURIComponent(own.id)}`, { method: 'DELETE' }); await load(); } catch (failure) { error.textContent = failure.message; }
  });
  item.append(element('div', { class: 'row' }, element('label', { class: 'row' }, done, t('judge.plan.done')), move, remove), error);
  return item;
}
