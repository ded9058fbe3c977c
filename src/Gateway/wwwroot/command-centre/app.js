// The command-centre wall screen: the map (Leaflet, served by the node; tiles only when Map:TileUrl is set) with court
// outlines, field teams and their trails, operation sites and planned trips; the counters, the overdue list and the
// alert feed. Everything comes from the same API and SSE streams as any client, with the session cookie.
import { api, useSignInPage, whoAmI, signOut } from '/ui/api.js';
import { alertTitle, deadlineTitle, language, loadTexts, setLanguage, t } from '/ui/texts.js';
import { watch } from '/ui/live.js';
import { createMap, fitTo, latLngs } from '/ui/map.js';

const $ = (selector) => document.querySelector(selector);
const trailLength = 20;
const locale = language === 'en' ? 'en-GB' : 'zh-CN';
let courts = [];
let map = null;
let fitted = false;
const layers = { courts: null, sites: null, trips: null };
const teams = new Map(); // team id -> { position, trail: [[lat, lon, at]], marker, line }

useSignInPage('/signin/');
await loadTexts('common', 'centre');
const me = await whoAmI();
if (!me) { location.assign(`/signin/?return=${encodeURIComponent(location.pathname)}`); }
else if (me.role !== 'command-centre') { document.body.textContent = t('centre.roleNeeded'); }
else { await start(me); }

async function start(caller) {
  $('#who').textContent = `${caller.name} (${caller.userId})`;
  $('#language').textContent = language === 'en' ? '中文' : 'English';
  $('#language').addEventListener('click', () => setLanguage(language === 'en' ? 'zh-CN' : 'en'));
  $('#sign-out').addEventListener('click', async () => { await signOut(); location.assign('/signin/'); });
  $('#board').hidden = false;
  map = await createMap($('#map'));
  layers.courts = L.layerGroup().addTo(map);
  layers.trips = L.layerGroup().addTo(map);
  layers.sites = L.layerGroup().addTo(map);
  await reloadMap();
  refreshCounters();
  setInterval(() => { reloadMap(); refreshCounters(); }, 30_000);
  setInterval(() => { $('#clock').textContent = new Date().toLocaleString(locale, { hour12: false }); }, 1000);
  watch('/streams/command-centre', ({ type, data }) => { if (type !== 'gap' && typeof data === 'object') { onAlert(data); } }, { onState: setLink });
  for (const court of courts) { watch(`/streams/courts/${encodeURIComponent(court.id)}/positions`, ({ data }) => onPosition(data)); }
}

function setLink(up) { $('#link').classList.toggle('up', up); }

/** Courts, teams with their operation sites, and planned trips; positions then arrive over the streams. */
async function reloadMap() {
  const view = await api('/command-centre/map');
  courts = view.courts;
  const boards = await Promise.all(courts.map((court) => api(`/courts/${encodeURIComponent(court.id)}/trips`).catch(() => null)));
  drawCourts();
  drawSites(view.teams.filter((team) => team.operation).map((team) => ({ team: team.teamId, ...team.operation })));
  drawTrips(boards.filter(Boolean).flatMap((board) => board.trips.filter((trip) => trip.status === 'Planned')));
  for (const team of view.teams) {
    if (!teams.has(team.teamId) && team.lastPosition) { onPosition({ teamId: team.teamId, ...team.lastPosition }); }
  }
  if (!fitted) { fitTo(map, [...layers.courts.getLayers(), ...[...teams.values()].map((team) => team.marker)]); fitted = true; }
}

function drawCourts() {
  layers.courts.clearLayers();
  for (const court of courts) {
    if (court.outline.length > 2) {
      L.polygon(latLngs(court.outline), { className: `court-area court-${court.id}` }).bindTooltip(court.name).addTo(layers.courts);
    }
    const label = court.seat ?? court.outline[0];
    if (label) {
      L.marker([label.latitude, label.longitude], { icon: L.divIcon({ className: 'court-label', html: '', iconSize: null }), interactive: false, keyboard: false })
        .bindTooltip(court.name, { permanent: true, direction: 'right', className: 'court-name' }).addTo(layers.courts);
    }
  }
}

function drawSites(sites) {
  layers.sites.clearLayers();
  for (const site of sites) {
    L.circle([site.site.latitude, site.site.longitude], { radius: site.radiusMetres, className: 'site' })
      .bindTooltip(`${site.caseNumber} · ${site.team}`).addTo(layers.sites);
  }
}

function drawTrips(trips) {
  layers.trips.clearLayers();
  for (const trip of trips) {
    if (trip.plan.route) { L.polyline(latLngs(trip.plan.route), { className: 'trip trip-route', dashArray: '6 4' }).addTo(layers.trips); }
    for (const destination of trip.plan.destinations) {
      L.circleMarker([destination.latitude, destination.longitude], { radius: 5, className: 'trip' }).bindTooltip(`${trip.id}: ${destination.address}`).addTo(layers.trips);
    }
  }
}

function onPosition(position) {
  const team = teams.get(position.teamId) ?? { trail: [], marker: null, line: null };
  const point = [position.latitude, position.longitude, position.at];
  if (position.late) {
    // An older fix that arrived late: it belongs in the trail at its time, and the marker stays where the newest fix put it.
    const at = team.trail.findIndex((p) => p[2] !== undefined && p[2] > position.at);
    team.trail.splice(at < 0 ? team.trail.length : at, 0, point);
  } else {
    team.position = position;
    team.trail.push(point);
  }
  if (team.trail.length > trailLength) { team.trail.shift(); }
  teams.set(position.teamId, team);
  drawTeam(position.teamId, team);
}

function drawTeam(id, team) {
  if (!team.position || !map) { return; }
  const at = [team.position.latitude, team.position.longitude];
  if (!team.marker) {
    team.line = L.polyline([], { className: `trail trail-${id}` }).addTo(map);
    team.marker = L.circleMarker(at, { radius: 8, className: `team team-${id}` }).bindTooltip(id, { permanent: true, direction: 'right', className: 'team-name' }).addTo(map);
  }
  team.marker.setLatLng(at);
  team.line.setLatLngs(team.trail.map(([lat, lon]) => [lat, lon]));
  const element = team.marker.getElement();
  if (element) {
    element.dataset.team = id;
    element.dataset.sequence = String(team.position.sequence);
    element.dataset.at = team.position.at;
  }
}

async function refreshCounters() {
  const rows = await Promise.all(courts.map(async (court) => {
    const [statistics, overdue] = await Promise.all([api(`/courts/${court.id}/statistics`), api(`/courts/${court.id}/overdue`)]);
    return { court, statistics, overdue };
  }));
  $('#counts').replaceChildren(...rows.map(({ court, statistics }) => row(court.name, statistics.day.received, statistics.day.concluded, statistics.pending)));
  $('#overdue').replaceChildren(...rows.flatMap(({ court, overdue }) => overdue.map((item) =>
    listItem('overdue', item.deadline.dueDate, `${court.name} · ${deadlineTitle(item.deadline)} · ${item.parties}`, item.caseNumber))));
}

function onAlert(alert) {
  const tier = alert.tier?.toLowerCase();
  const kind = alert.kind.startsWith('Device') || alert.kind === 'BodyCamNotRecording' ? 'device' : alert.kind.startsWith('Trip') ? 'trip' : tier ?? '';
  const item = listItem(kind, new Date(alert.at).toLocaleTimeString(locale, { hour12: false }), `${alert.courtId} · ${alertTitle(alert)}`, alert.caseNumber);
  item.dataset.kind = alert.kind;
  if (alert.tier) { item.dataset.tier = alert.tier; }
  $('#feed').prepend(item);
  while ($('#feed').children.length > 200) { $('#feed').lastElementChild.remove(); }
  if (alert.kind === 'Deadline' && alert.tier === 'Overdue') { refreshCounters(); }
}

function listItem(kind, when, text, caseNumber) {
  const item = document.createElement('li');
  item.className = kind;
  const time = document.createElement('time');
  time.textContent = when;
  item.append(time, text);
  if (caseNumber) {
    const link = document.createElement('a');
    link.className = 'case';
    link.textContent = ` ${caseNumber}`;
    link.href = `#record-${encodeURIComponent(caseNumber)}`;
    link.addEventListener('click', (event) => { event.preventDefault(); openRecord(caseNumber); });
    item.append(link);
  }
  return item;
}

function row(...cells) {
  const tr = document.createElement('tr');
  tr.append(...cells.map((value) => Object.assign(document.createElement('td'), { textContent: value })));
  return tr;
}

async function openRecord(caseNumber) {
  const entries = await api(`/cases/${encodeURIComponent(caseNumber)}/record`);
  $('#record-title').textContent = t('centre.recordOf', { caseNumber });
  $('#record-entries').replaceChildren(...entries.map((entry) => {
    const detail = entry.step?.note ?? entry.step?.result ?? entry.step?.target ?? '';
    return listItem('', new Date(entry.at).toLocaleString(locale, { hour12: false }), `#${entry.sequence} ${entry.kind} · ${entry.actor} ${detail}`);
  }));
  $('#record').showModal();
}
