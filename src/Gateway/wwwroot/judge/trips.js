// Trips (集约出行): the judge files an outbound trip by picking destinations on the map, sees their trips on the
// court's trip board, changes or cancels a planned one, and answers the shared-travel suggestions (with their saving)
// that involve them.
import { api, element, onSubmit, t } from '/ui/shell.js';
import { formatDateTime, problemText } from '/ui/texts.js';
import { createMap, dot, fitTo } from '/ui/map.js';
import { startJudgePage, caseHref, showFailure } from './common.js';

const $ = (id) => document.getElementById(id);
const picked = [];
let tripLayers = [];
let editing = null; // the trip whose plan the form holds, or null for a new trip

const { me } = await startJudgePage('judge.nav.trips', (alert) => { if (alert.tripId || alert.suggestionId) { load(); } });
const map = await createMap($('trip-map'));
const cases = await api('/judges/me/caseload');
$('trip-form').querySelector('select[name=caseNumbers]').replaceChildren(...cases.filter((c) => !['Closed', 'Terminated'].includes(c.status))
  .map((summary) => element('option', { value: summary.caseNumber }, `${summary.caseNumber} ${summary.parties}`)));
onSubmit($('trip-form'), async (data) => {
  const form = $('trip-form');
  const moment = (name) => { const value = data.get(name); return value ? new Date(value).toISOString() : null; };
  await api(editing ? `/trips/${encodeURIComponent(editing)}` : '/trips', {
    method: editing ? 'PUT' : 'POST',
    body: {
      purpose: String(data.get('purpose') ?? '').trim(),
      destinations: picked.map((point) => ({ address: point.address.trim(), latitude: point.latitude, longitude: point.longitude })),
      route: null,
      departAt: moment('departAt'),
      returnBy: moment('returnBy'),
      caseNumbers: data.getAll('caseNumbers').map(String),
      members: String(data.get('members') ?? '').split(/[,，、]/).map((member) => member.trim()).filter(Boolean),
      seats: Number(data.get('seats')),
    },
  });
  clearForm();
  await load();
});
$('stop-editing').addEventListener('click', clearForm);
drawPicked();
// Only now, with the form drawn, does a click pick a destination: before, drawing the form could replace the address
// field a judge had begun to type in.
map.on('click', (event) => { pick(event.latlng.lat, event.latlng.lng, ''); drawPicked(); });
await load();

function pick(latitude, longitude, address) {
  picked.push({ latitude, longitude, address, marker: dot([latitude, longitude], 'picked', t('judge.trips.destination')).addTo(map) });
}

/** Empties the form and leaves editing: the next submit files a new trip. */
function clearForm() {
  for (const point of picked.splice(0)) { point.marker.remove(); }
  $('trip-form').reset();
  setEditing(null);
  drawPicked();
}

function setEditing(tripId) {
  editing = tripId;
  $('trip-form').dataset.editing = tripId ?? '';
  $('trip-form').querySelector('button[type=submit]').textContent = t(tripId ? 'judge.trips.save' : 'judge.trips.submit');
  $('stop-editing').hidden = !tripId;
}

/** Puts a planned trip's plan into the form, to be changed and saved with PUT /trips/{id}. */
function edit(trip) {
  clearForm();
  const form = $('trip-form');
  const local = (instant) => { const at = new Date(instant); return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16); };
  form.querySelector('input[name=purpose]').value = trip.plan.purpose;
  form.querySelector('input[name=departAt]').value = local(trip.plan.departAt);
  form.querySelector('input[name=returnBy]').value = local(trip.plan.returnBy);
  for (const option of form.querySelector('select[name=caseNumbers]').options) { option.selected = trip.plan.caseNumbers.includes(option.value); }
  form.querySelector('input[name=members]').value = trip.plan.members.join(', ');
  form.querySelector('input[name=seats]').value = String(trip.plan.seats);
  for (const destination of trip.plan.destinations) { pick(destination.latitude, destination.longitude, destination.address); }
  setEditing(trip.id);
  drawPicked();
  fitTo(map, picked.map((point) => point.marker));
  form.scrollIntoView({ block: 'start' });
}

function drawPicked() {
  const list = $('destinations');
  if (!picked.length) { list.replaceChildren(element('li', { class: 'empty' }, t('judge.trips.noDestination'))); return; }
  list.replaceChildren(...picked.map((point, index) => {
    const input = element('input', { name: 'address', maxlength: 200, required: true, placeholder: t('judge.trips.address') });
    input.value = point.address;
    input.addEventListener('input', () => { point.address = input.value; });
    const remove = element('button', { type: 'button', class: 'secondary' }, t('judge.plan.remove'));
    remove.addEventListener('click', () => { point.marker.remove(); picked.splice(index, 1); drawPicked(); });
    return element('li', { dataset: { destination: String(index) } },
      element('label', { class: 'field' }, element('span', {}, `${t('judge.trips.destination')} ${index + 1} (${point.latitude.toFixed(4)}, ${point.longitude.toFixed(4)})`), input, element('span', { class: 'field-error', role: 'alert' })),
      element('div', { class: 'actions' }, remove));
  }));
}

async function load() {
  try {
    const board = await api(`/courts/${encodeURIComponent(me.courtId)}/trips`);
    const mine = board.trips.filter((trip) => trip.judges.includes(me.userId));
    drawTrips(mine);
    drawSuggestions(board.suggestions.filter((suggestion) => suggestion.judges.includes(me.userId)));
  } catch (error) {
    showFailure($('trips'), error);
  }
}

function drawTrips(trips) {
  for (const layer of tripLayers) { layer.remove(); }
  tripLayers = trips.filter((trip) => trip.status === 'Planned').flatMap((trip) => trip.plan.destinations.map((d) => dot([d.latitude, d.longitude], 'trip', `${trip.plan.purpose} · ${d.address}`).addTo(map)));
  if (tripLayers.length && !picked.length) { fitTo(map, tripLayers); }
  const list = $('trips');
  if (!trips.length) { list.replaceChildren(element('li', { class: 'empty' }, t('judge.trips.none'))); return; }
  list.replaceChildren(...trips.map((trip) => {
    const item = element('li', { class: trip.status === 'Planned' ? '' : 'tier-done', dataset: { trip: trip.id, status: trip.status } },
      element('div', { class: 'row' }, element('strong', {}, trip.plan.purpose), element('span', { class: 'chip' }, t(`judge.trips.status.${trip.status}`))),
      element('div', {}, `${formatDateTime(trip.plan.departAt)} – ${formatDateTime(trip.plan.returnBy)}`),
      element('div', {}, trip.plan.destinations.map((d) => d.address).join('；')),
      element('div', { class: 'chips' }, ...trip.plan.caseNumbers.map((number) => element('a', { class: 'chip', href: caseHref(number) }, number))),
      element('small', {}, t('judge.trips.people', { judges: trip.judges.join('、'), members: trip.plan.members.join('、') || t('common.none'), seats: trip.plan.seats })));
    if (trip.status === 'Planned') {
      const change = element('button', { type: 'button', class: 'secondary', dataset: { action: 'change' } }, t('judge.trips.change'));
      change.addEventListener('click', () => edit(trip));
      const cancel = element('button', { type: 'button', class: 'danger' }, t('judge.trips.cancel'));
      const error = element('p', { class: 'form-error', role: 'alert' });
      cancel.addEventListener('click', async () => {
        try {
          await api(`/trips/${encodeURIComponent(trip.id)}`, { method: 'DELETE' });
          if (editing === trip.id) { clearForm(); }
          await load();
        } catch (failure) { error.textContent = failure.message; }
      });
      item.append(element('div', { class: 'actions' }, change, cancel), error);
    }
    return item;
  }));
}

function drawSuggestions(suggestions) {
  const list = $('suggestions');
  if (!suggestions.length) { list.replaceChildren(element('li', { class: 'empty' }, t('judge.trips.noSuggestions'))); return; }
  list.replaceChildren(...suggestions.map((suggestion) => {
    const match = suggestion.match;
    const item = element('li', { class: suggestion.status === 'Open' ? 'tier-upcoming' : 'tier-done', dataset: { suggestion: suggestion.id, status: suggestion.status } },
      element('div', { class: 'row' }, element('strong', {}, t(`judge.trips.rule.${match.rule}`)), element('span', { class: 'chip' }, t(`judge.trips.suggestionStatus.${suggestion.status}`))),
      element('div', {}, t('judge.trips.saving', { km: match.savedKm.toFixed(1), vehicles: match.savedVehicles })),
      element('small', {}, t('judge.trips.match', { gap: (match.gapMetres / 1000).toFixed(1), overlap: match.overlap, judges: suggestion.judges.join('、') })),
      suggestion.reason ? element('small', {}, ` ${problemText(suggestion.reasonText, suggestion.reason)}`) : null);
    const answered = suggestion.answers[me.userId];
    if (answered !== undefined) { item.append(element('div', {}, element('span', { class: `chip ${answered ? 'ok' : 'bad'}` }, t(answered ? 'judge.trips.youAccepted' : 'judge.trips.youDeclined')))); }
    if (suggestion.status === 'Open' && answered === undefined) {
      const error = element('p', { class: 'form-error', role: 'alert' });
      const answer = (accept) => async () => {
        try { await api(`/trip-suggestions/${encodeURIComponent(suggestion.id)}/answer`, { method: 'PUT', body: { accept } }); await load(); } catch (failure) { error.textContent = failure.message; }
      };
      const accept = element('button', { type: 'button' }, t('judge.trips.accept'));
      const decline = element('button', { type: 'button', class: 'secondary' }, t('judge.trips.decline'));
      accept.addEventListener('click', answer(true));
      decline.addEventListener('click', answer(false));
      item.append(element('div', { class: 'actions' }, accept, decline), error);
    }
    return item;
  }));
}
