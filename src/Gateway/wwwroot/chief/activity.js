// Other views of the court (/chief/activity.html), each a compact panel: notice health (GET /courts/{id}/notices/health),
// grid feedback (GET /courts/{id}/grid-areas), the trip board (GET /courts/{id}/trips) and entrustments in both
// directions (GET /courts/{id}/entrustments). Each panel shows the server's reason when its call is refused.
import { api, debounce, element, path, startChief, t, watchCourt } from './common.js';
import { formatDateTime, problemText } from '/ui/texts.js';

const { courtId, badgeElement } = await startChief('chief.title.activity');
const $ = (id) => document.getElementById(id);
const none = (list) => { if (!list.children.length) { list.append(element('li', { class: 'empty' }, t('common.none'))); } };

async function panel(id, work) {
  const error = $(id).querySelector('.form-error');
  error.textContent = '';
  try { await work(); } catch (failure) { error.textContent = failure.message; }
}

const notices = () => panel('notices-panel', async () => {
  const health = await api(path('courts', courtId, 'notices', 'health'));
  const statuses = ['AwaitingApproval', 'Queued', 'Sent', 'Delivered', 'Failed'];
  const minutes = health.oldestUndeliveredMinutes;
  $('notice-facts').replaceChildren(
    ...statuses.flatMap((status) => [element('dt', {}, t(`chief.notice.${status}`)), element('dd', { class: 'number', dataset: { status } }, String(health.byStatus?.[status] ?? 0))]),
    element('dt', {}, t('chief.oldestUndelivered')),
    element('dd', {}, minutes === null || minutes === undefined ? t('common.none')
      : element('span', { class: `chip ${minutes > 60 ? 'bad' : 'ok'}` }, t('chief.minutes', { n: Math.round(minutes) }))));
  $('unreachable').replaceChildren(...health.unreachable.map((view) => element('li', { class: 'colour-red' },
    element('div', { class: 'line' }, element('strong', { class: 'number' }, view.notice.caseNumber), element('span', {}, view.notice.party), element('span', { class: 'muted' }, view.notice.mobile)),
    view.lastError ? element('div', { class: 'muted' }, problemText(view.lastErrorText, view.lastError)) : null)));
  none($('unreachable'));
});

const grid = () => panel('grid-panel', async () => {
  const areas = await api(path('courts', courtId, 'grid-areas'));
  $('grid-areas').replaceChildren(...areas.map((area) => element('tr', { dataset: { area: area.areaId } },
    element('td', {}, area.name), element('td', {}, area.workerId),
    element('td', { class: 'number' }, String(area.requests)),
    element('td', { class: 'number' }, `${area.answered} (${area.answeredInTime})`),
    element('td', { class: 'number' }, area.overdue ? element('span', { class: 'chip tier-overdue' }, String(area.overdue)) : '0'),
    element('td', { class: 'number' }, area.feedbackRate === null ? t('common.none') : `${(area.feedbackRate * 100).toFixed(1)}%`))));
  if (!areas.length) { $('grid-areas').append(element('tr', {}, element('td', { class: 'empty', colspan: '6' }, t('common.none')))); }
});

const trips = () => panel('trips-panel', async () => {
  const board = await api(path('courts', courtId, 'trips'));
  $('suggestions').replaceChildren(...board.suggestions.filter((s) => s.status === 'Open' || s.status === 'Accepted').map((s) => element('li', { class: 'colour-green', dataset: { suggestion: s.id } },
    element('div', { class: 'line' }, element('strong', {}, s.judges.join(' + ')), element('span', { class: 'chip' }, t(`chief.suggestion.${s.status}`))),
    element('div', { class: 'muted' }, t('chief.saving', { km: s.match.savedKm.toFixed(1), vehicles: s.match.savedVehicles })))));
  none($('suggestions'));
  const planned = board.trips.filter((trip) => trip.status === 'Planned').sort((a, b) => new Date(a.plan.departAt) - new Date(b.plan.departAt));
  $('trips').replaceChildren(...planned.map((trip) => element('li', { dataset: { trip: trip.id } },
    element('div', { class: 'line' }, element('strong', {}, trip.judges.join(', ')), element('span', { class: 'muted' }, `${formatDateTime(trip.plan.departAt)} – ${formatDateTime(trip.plan.returnBy)}`)),
    element('div', {}, trip.plan.purpose, ' · ', trip.plan.destinations.map((d) => d.address).join('；')),
    trip.plan.caseNumbers.length ? element('div', { class: 'muted number' }, trip.plan.caseNumbers.join(', ')) : null)));
  none($('trips'));
});

const entrustments = () => panel('entrustments-panel', async () => {
  const list = await api(path('courts', courtId, 'entrustments'));
  const line = (e) => element('li', { class: e.status === 'Refused' ? 'colour-red' : e.status === 'Completed' ? 'colour-green' : 'colour-yellow', dataset: { entrustment: e.id } },
    element('div', { class: 'line' }, element('strong', { class: 'number' }, e.caseNumber), element('span', { class: 'chip' }, t(`chief.entrustment.${e.status}`)),
      element('span', {}, t('chief.otherCourt', { court: e.otherCourt }))),
    element('div', { class: 'muted' }, t(`chief.entrustmentKind.${e.kind}`), ' · ', formatDateTime(e.updatedAt)));
  $('outgoing').replaceChildren(...list.filter((e) => e.outgoing).map(line));
  $('incoming').replaceChildren(...list.filter((e) => !e.outgoing).map(line));
  none($('outgoing'));
  none($('incoming'));
});

await Promise.all([notices(), grid(), trips(), entrustments()]);
const refreshTrips = debounce(trips, 500);
const refreshEntrustments = debounce(entrustments, 500);
const refreshGrid = debounce(grid, 500);
watchCourt(courtId, badgeElement, (alert, live) => {
  if (!live) { return; }
  if (alert.kind.startsWith('Trip')) { refreshTrips(); }
  if (alert.kind === 'EntrustmentUpdated') { refreshEntrustments(); }
  if (alert.kind.startsWith('Assistance')) { refreshGrid(); }
});
