// Per judge (/chief/judges.html): each judge's load (GET /courts/{id}/judges), week plan (GET /courts/{id}/plans?day=)
// and overdue nodes (GET /courts/{id}/overdue), refreshed when the court's stream brings a deadline alert.
import { api, colourChip, debounce, element, formatDate, path, startChief, t, tierChip, watchCourt } from './common.js';
import { deadlineTitle, language } from '/ui/texts.js';

const { courtId, badgeElement } = await startChief('chief.title.judges');
const $ = (id) => document.getElementById(id);
const form = $('week-form');
const iso = (date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
form.elements.day.value = iso(new Date());

function shiftWeek(days) {
  const day = new Date(`${form.elements.day.value || iso(new Date())}T00:00:00`);
  day.setDate(day.getDate() + days);
  form.elements.day.value = iso(day);
  load();
}

function week(plan) {
  const start = new Date(`${plan.weekStart}T00:00:00`);
  const days = [...Array(7).keys()].map((offset) => { const day = new Date(start); day.setDate(start.getDate() + offset); return iso(day); });
  return element('div', { class: 'week' }, ...days.map((day) => element('div', { dataset: { day } },
    element('h3', {}, new Date(`${day}T00:00:00`).toLocaleDateString(language === 'en' ? 'en-GB' : 'zh-CN', { weekday: 'short', month: 'numeric', day: 'numeric' })),
    ...plan.entries.filter((entry) => entry.date === day).map((entry) => element('div', { class: `entry colour-${(entry.done ? 'green' : entry.colour ?? 'None').toLowerCase()}` },
      entry.caseNumber ? element('span', { class: 'number' }, entry.caseNumber, ' ') : null, deadlineTitle(entry), ' ', colourChip(entry.colour, entry.done))))));
}

async function load() {
  $('judges-error').textContent = '';
  const day = form.elements.day.value || iso(new Date());
  let loads; let plans; let overdue;
  try {
    [loads, plans, overdue] = await Promise.all([
      api(path('courts', courtId, 'judges')), api(`${path('courts', courtId, 'plans')}?day=${encodeURIComponent(day)}`), api(path('courts', courtId, 'overdue'))]);
  } catch (error) {
    $('judges-error').textContent = error.message;
    return;
  }
  const judges = [...new Set([...loads.map((l) => l.judgeId), ...plans.map((p) => p.judgeId)])].sort();
  const loadOf = (judgeId) => loads.find((l) => l.judgeId === judgeId) ?? { openCases: 0, overdueDeadlines: 0 };
  const planOf = (judgeId) => plans.find((p) => p.judgeId === judgeId);
  $('loads').replaceChildren(...judges.map((judgeId) => element('tr', { dataset: { judge: judgeId } },
    element('td', {}, element('a', { href: `#judge-${judgeId}` }, judgeId)),
    element('td', { class: 'number' }, String(loadOf(judgeId).openCases)),
    element('td', { class: 'number' }, loadOf(judgeId).overdueDeadlines ? element('span', { class: 'chip tier-overdue' }, String(loadOf(judgeId).overdueDeadlines)) : '0'),
    element('td', { class: 'number' }, String(planOf(judgeId)?.entries.length ?? 0)))));
  if (!judges.length) { $('loads').append(element('tr', {}, element('td', { class: 'empty', colspan: '4' }, t('chief.noJudges')))); }
  $('judges').replaceChildren(...judges.map((judgeId) => {
    const mine = overdue.filter((item) => item.judgeId === judgeId);
    const plan = planOf(judgeId);
    return element('section', { class: 'panel judge', id: `judge-${judgeId}`, dataset: { judge: judgeId } },
      element('h2', {}, judgeId, ' ', element('span', { class: 'chip' }, t('chief.openCasesN', { n: loadOf(judgeId).openCases })),
        element('span', { class: `chip${mine.length ? ' tier-overdue' : ''}` }, t('chief.overdueN', { n: mine.length }))),
      element('h3', {}, t('chief.weekPlan', { date: plan ? formatDate(plan.weekStart) : formatDate(day) })),
      plan ? week(plan) : element('p', { class: 'empty' }, t('chief.noPlan')),
      element('h3', {}, t('chief.overdue')),
      mine.length
        ? element('ul', { class: 'list' }, ...mine.map((item) => element('li', { class: 'tier-overdue', dataset: { case: item.caseNumber } },
          element('div', { class: 'line' }, element('strong', { class: 'number' }, item.caseNumber), tierChip(item.tier ?? 'Overdue')),
          element('div', {}, deadlineTitle(item.deadline), ' · ', t('chief.dueOn', { date: formatDate(item.deadline.dueDate) })))))
        : element('p', { class: 'empty' }, t('chief.noOverdueJudge')));
  }));
}

form.addEventListener('change', load);
form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
$('previous').addEventListener('click', () => shiftWeek(-7));
$('next').addEventListener('click', () => shiftWeek(7));
await load();
const refresh = debounce(load, 500);
watchCourt(courtId, badgeElement, (alert, live) => {
  if (live && ['Deadline', 'DeadlineWithdrawn', 'CaseAssigned'].includes(alert.kind)) { refresh(); }
});
