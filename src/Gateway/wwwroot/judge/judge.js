// My cases (我的案件): the judge's cases with their open deadlines as colour chips and unread party messages, and the
// agenda: what is due today (or overdue) and this week. Refreshes itself on every alert of the judge's stream.
import { api, element, t } from '/ui/shell.js';
import { deadlineTitle, formatDate } from '/ui/texts.js';
import { startJudgePage, deadlineChip, caseHref, showFailure, courtToday } from './common.js';

const casesList = document.getElementById('cases');
const todayList = document.getElementById('agenda-today');
const weekList = document.getElementById('agenda-week');

await startJudgePage('judge.myCases', () => load());
await load();

async function load() {
  try {
    const [cases, agenda, unread, plan] = await Promise.all([
      api('/judges/me/caseload'), api('/judges/me/agenda'), api('/judges/me/messages'), api('/judges/me/plan'),
    ]);
    drawCases(cases, agenda, unread);
    drawAgenda(agenda, plan);
  } catch (error) {
    showFailure(casesList, error);
  }
}

function drawCases(cases, agenda, unread) {
  const tiers = new Map(agenda.map((item) => [`${item.caseNumber}|${item.deadline.id}`, item.tier]));
  const unreadOf = new Map(unread.map((item) => [item.caseNumber, item.unread]));
  if (!cases.length) { casesList.replaceChildren(element('li', { class: 'empty' }, t('judge.noCases'))); return; }
  casesList.replaceChildren(...cases.map((summary) => {
    const open = agenda.filter((item) => item.caseNumber === summary.caseNumber);
    const worst = ['Overdue', 'Due', 'Upcoming'].find((tier) => open.some((item) => item.tier === tier));
    const messages = unreadOf.get(summary.caseNumber) ?? 0;
    const link = element('a', { href: caseHref(summary.caseNumber), class: 'case-link' }, summary.caseNumber);
    const item = element('li', { class: `clickable case-item ${worst ? `tier-${worst.toLowerCase()}` : ''}`.trim(), dataset: { case: summary.caseNumber } },
      element('div', { class: 'head' },
        link,
        element('span', {}, summary.parties),
        element('span', { class: 'chip' }, t(`judge.status.${summary.status}`)),
        messages ? element('span', { class: 'chip bad unread', title: t('judge.unreadMessages') }, t('judge.unreadCount', { count: messages })) : null),
      element('div', { class: 'chips' }, ...summary.deadlines.map((deadline) => deadlineChip(deadline, tiers.get(`${summary.caseNumber}|${deadline.id}`) ?? null))));
    item.addEventListener('click', (event) => { if (event.target !== link) { location.assign(link.href); } });
    return item;
  }));
}

function drawAgenda(agenda, plan) {
  const day = courtToday();
  const weekEnd = (() => { const end = new Date(`${plan.weekStart}T00:00:00`); end.setDate(end.getDate() + 6); return `${end.getFullYear()}-${String(end.getMonth() + 1).padStart(2, '0')}-${String(end.getDate()).padStart(2, '0')}`; })();
  const items = [
    ...agenda.map((item) => ({ date: item.deadline.dueDate, title: deadlineTitle(item.deadline), caseNumber: item.caseNumber, tier: item.tier, own: false })),
    ...plan.entries.filter((entry) => entry.itemId && !entry.done).map((entry) => ({ date: entry.date, title: entry.title, caseNumber: entry.caseNumber, colour: entry.colour, own: true })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const row = (item) => element('li', { class: item.tier ? `tier-${item.tier.toLowerCase()}` : (item.colour && item.colour !== 'None' ? `colour-${item.colour.toLowerCase()}` : '') },
    element('div', { class: 'row' },
      element('time', { datetime: item.date }, formatDate(item.date)),
      item.caseNumber ? element('a', { href: caseHref(item.caseNumber) }, item.caseNumber) : null,
      item.own ? element('span', { class: 'chip' }, t('judge.ownItem')) : null),
    element('div', {}, item.title));
  const dueNow = items.filter((item) => item.date <= day);
  const thisWeek = items.filter((item) => item.date > day && item.date <= weekEnd);
  todayList.replaceChildren(...(dueNow.length ? dueNow.map(row) : [element('li', { class: 'empty' }, t('judge.nothingDue'))]));
  weekList.replaceChildren(...(thisWeek.length ? thisWeek.map(row) : [element('li', { class: 'empty' }, t('judge.nothingDue'))]));
}
