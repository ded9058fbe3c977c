// Received, concluded and pending (收/结/存) as charts. Per period: GET /courts/{id}/statistics?day= for each month,
// week or day shown (the API counts the day, week and month holding ?day=). Per judge: the court's case list
// (GET /courts/{id}/cases) counted over the selected month by each case's judge, filing and conclusion dates.
import { api, debounce, element, formatDate, path, startChief, t, watchCourt } from './common.js';

const { courtId, badgeElement } = await startChief('chief.title.statistics');
const $ = (id) => document.getElementById(id);
const form = $('stats-form');
const iso = (date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const localDay = (moment) => iso(new Date(moment));
form.elements.day.value = iso(new Date());
const css = getComputedStyle(document.documentElement);
const colour = (name) => css.getPropertyValue(name).trim();
let periodChart = null;
let judgeChart = null;

/** The days to ask about: one in each of the last 6 months, 8 weeks or 14 days up to the chosen day. */
function daysFor(period, last) {
  const count = { month: 6, week: 8, day: 14 }[period];
  return [...Array(count).keys()].reverse().map((back) => {
    if (back === 0) { return last; }
    const day = new Date(`${last}T00:00:00`);
    if (period === 'month') { day.setDate(1); day.setMonth(day.getMonth() - back); } else { day.setDate(day.getDate() - back * (period === 'week' ? 7 : 1)); }
    return iso(day);
  });
}

const label = (counts) => (counts.from === counts.to ? formatDate(counts.from) : `${formatDate(counts.from)} – ${formatDate(counts.to)}`);

function chart(existing, canvas, labels, datasets, horizontal = false) {
  existing?.destroy();
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: { responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? 'y' : 'x', animation: false, scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

async function load() {
  $('stats-error').textContent = '';
  const last = form.elements.day.value || iso(new Date());
  const period = form.elements.period.value;
  let figures; let cases;
  try {
    [figures, cases] = await Promise.all([
      Promise.all(daysFor(period, last).map((day) => api(`${path('courts', courtId, 'statistics')}?day=${day}`))),
      api(path('courts', courtId, 'cases'))]);
  } catch (error) {
    $('stats-error').textContent = error.message;
    return;
  }
  const now = figures[figures.length - 1];
  $('facts').replaceChildren(
    element('dt', {}, t('chief.today', { date: formatDate(now.day.from) })), element('dd', {}, t('chief.counts', now.day)),
    element('dt', {}, t('chief.thisWeek', { date: label(now.week) })), element('dd', {}, t('chief.counts', now.week)),
    element('dt', {}, t('chief.thisMonth', { date: label(now.month) })), element('dd', {}, t('chief.counts', now.month)),
    element('dt', {}, t('chief.pendingNow')), element('dd', { id: 'pending-now', class: 'number' }, String(now.pending)),
    element('dt', {}, t('chief.averageDays')), element('dd', {}, now.averageDaysToConclude === null ? t('common.none') : t('chief.days', { n: now.averageDaysToConclude.toFixed(1) })));

  const rows = figures.map((f) => f[period]);
  $('periods').replaceChildren(...rows.map((counts) => element('tr', {},
    element('td', {}, label(counts)), element('td', { class: 'number' }, String(counts.received)),
    element('td', { class: 'number' }, String(counts.concluded)), element('td', { class: 'number' }, String(counts.pendingAtEnd)))));
  periodChart = chart(periodChart, $('period-chart'), rows.map(label), [
    { label: t('chief.received'), data: rows.map((c) => c.received), backgroundColor: colour('--accent') },
    { label: t('chief.concluded'), data: rows.map((c) => c.concluded), backgroundColor: colour('--green') },
    { label: t('chief.pendingAtEnd'), data: rows.map((c) => c.pendingAtEnd), backgroundColor: colour('--orange') },
  ]);

  // Per judge, over the chosen day's month.
  const { from, to } = now.month;
  $('judge-period').textContent = t('chief.judgePeriod', { from: formatDate(from), to: formatDate(to) });
  const judges = new Map();
  const of = (judgeId) => { const key = judgeId ?? ''; if (!judges.has(key)) { judges.set(key, { received: 0, concluded: 0, pending: 0 }); } return judges.get(key); };
  for (const c of cases) {
    const counts = of(c.judgeId);
    const filed = localDay(c.filedAt);
    if (filed >= from && filed <= to) { counts.received += 1; }
    const concluded = c.status === 'Closed' || c.status === 'Terminated';
    if (concluded && c.endedAt) { const ended = localDay(c.endedAt); if (ended >= from && ended <= to) { counts.concluded += 1; } }
    if (!concluded) { counts.pending += 1; }
  }
  const names = [...judges.keys()].sort();
  const name = (key) => key || t('chief.noJudge');
  $('judges').replaceChildren(...names.map((key) => element('tr', { dataset: { judge: key } },
    element('td', {}, name(key)), element('td', { class: 'number' }, String(judges.get(key).received)),
    element('td', { class: 'number' }, String(judges.get(key).concluded)), element('td', { class: 'number' }, String(judges.get(key).pending)))));
  if (!names.length) { $('judges').append(element('tr', {}, element('td', { class: 'empty', colspan: '4' }, t('chief.noCases')))); }
  judgeChart = chart(judgeChart, $('judge-chart'), names.map(name), [
    { label: t('chief.received'), data: names.map((k) => judges.get(k).received), backgroundColor: colour('--accent') },
    { label: t('chief.concluded'), data: names.map((k) => judges.get(k).concluded), backgroundColor: colour('--green') },
    { label: t('chief.pendingNow'), data: names.map((k) => judges.get(k).pending), backgroundColor: colour('--orange') },
  ], true);
}

form.addEventListener('change', load);
form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
await load();
const refresh = debounce(load, 1000);
watchCourt(courtId, badgeElement, (alert, live) => { if (live && alert.kind === 'CaseAssigned') { refresh(); } });
