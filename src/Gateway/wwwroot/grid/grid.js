// The grid worker's page (/grid/, phone first): the assistance requests sent to my grid areas (GET /grid/requests),
// on a map at the debtor's address and in a list, open ones first, each open one with its answer form
// (POST /assistance/{id}/answer), live: the list reloads when a request comes or changes. Tapping a marker scrolls to its request.
import { api, element, onSubmit, startPage, t } from '/ui/shell.js';
import { formatDateTime } from '/ui/texts.js';
import { toast, watchChanges } from '/ui/live.js';
import { createMap, dot, fitTo } from '/ui/map.js';

await startPage({ texts: ['grid'], roles: ['grid-worker'], title: 'grid.title' });
const list = document.getElementById('requests');
const map = await createMap(document.getElementById('map'), { zoom: 13 });
const markers = L.layerGroup().addTo(map);

/** Open and on time: orange; open past its due time: red; answered: green. */
function stateOf(request) {
  if (request.answer) { return 'answered'; }
  return new Date(request.dueAt) < new Date() ? 'overdue' : 'open';
}
const colours = { open: 'colour-orange', overdue: 'colour-red', answered: 'colour-green' };

function answerForm(request) {
  const yes = element('input', { type: 'radio', name: 'found', value: 'true', required: true });
  const no = element('input', { type: 'radio', name: 'found', value: 'false' });
  const text = element('textarea', { name: 'text', required: true, placeholder: t('grid.textPlaceholder') });
  const form = element('form', { class: 'form answer-form', novalidate: true, dataset: { request: request.id } },
    element('fieldset', { class: 'field choices' }, element('legend', {}, t('grid.found')),
      element('label', {}, yes, t('grid.foundYes')), element('label', {}, no, t('grid.foundNo')), element('span', { class: 'field-error', role: 'alert' })),
    element('label', { class: 'field' }, element('span', {}, t('grid.text')), text, element('span', { class: 'field-error', role: 'alert' })),
    element('p', { class: 'form-error', role: 'alert' }),
    element('div', { class: 'actions' }, element('button', { type: 'submit' }, t('grid.send'))));
  onSubmit(form, async (data) => {
    if (!data.get('found')) { throw new Error(t('grid.chooseFound')); }
    await api(`/assistance/${encodeURIComponent(request.id)}/answer`, { method: 'POST', body: { found: data.get('found') === 'true', text: data.get('text') } });
    toast(t('grid.answered', { caseNumber: request.caseNumber }));
    await load();
  });
  return form;
}

function item(request, openForm) {
  const state = stateOf(request);
  return element('li', { class: `request ${state} ${colours[state]}`, dataset: { request: request.id, case: request.caseNumber } },
    element('div', { class: 'line' }, element('strong', { class: 'number' }, request.caseNumber),
      element('span', { class: `chip ${colours[state]}` }, t(`grid.state.${state}`)),
      element('span', { class: 'chip' }, t(`grid.kind.${request.kind}`))),
    element('dl', { class: 'facts request-body' },
      element('dt', {}, t('grid.debtor')), element('dd', {}, request.debtor),
      element('dt', {}, t('grid.address')), element('dd', {}, request.address),
      element('dt', {}, t('grid.note')), element('dd', {}, request.note),
      element('dt', {}, t('grid.requestedAt')), element('dd', {}, formatDateTime(request.requestedAt)),
      element('dt', {}, t('grid.dueAt')), element('dd', {}, formatDateTime(request.dueAt))),
    request.answer
      ? element('div', { class: 'answer' }, element('strong', {}, t(request.answer.found ? 'grid.foundYes' : 'grid.foundNo')), ' · ',
        request.answer.text, ' ', element('span', { class: 'muted' }, formatDateTime(request.answeredAt)))
      : openForm ?? answerForm(request));
}

async function load() {
  const requests = await api('/grid/requests');
  // A reload keeps the answer forms as they are, with whatever the worker has typed.
  const openForms = new Map([...list.querySelectorAll('form.answer-form')].map((form) => [form.dataset.request, form]));
  list.replaceChildren(...requests.map((request) => item(request, openForms.get(request.id))));
  drawMarkers(requests);
  if (!requests.length) { list.append(element('li', { class: 'empty' }, t('grid.none'))); }
  document.getElementById('open-count').textContent = String(requests.filter((r) => !r.answer).length);
}

function drawMarkers(requests) {
  markers.clearLayers();
  for (const request of requests.filter((r) => r.location)) {
    const state = stateOf(request);
    const marker = dot([request.location.latitude, request.location.longitude], `request request-${request.id} ${state}`,
      `${request.caseNumber} · ${request.debtor} · ${t(`grid.state.${state}`)}`);
    marker.on('click', () => list.querySelector(`li[data-request="${CSS.escape(request.id)}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    marker.addTo(markers);
  }
  fitTo(map, markers.getLayers());
}

document.getElementById('reload').addEventListener('click', () => load().catch((error) => toast(t('grid.failed'), { tier: 'Overdue', detail: error.message })));
await load();
watchChanges('/streams/grid', load);
