// The command-centre wall screen: signs in with the command-centre role, then draws the map, the counters, the
// overdue list and the alert feed from the gateway's API and SSE streams. No library, nothing fetched from elsewhere.
const $ = (selector) => document.querySelector(selector);
const svgNs = 'http://www.w3.org/2000/svg';
const trailLength = 20;
let token = sessionStorage.getItem('token');
let courts = [];
let projection = null;
const teams = new Map(); // team id -> { position, trail: [[lat, lon]], element }
const mapItems = { sites: [], trips: [] };

// ---- API and streams ----------------------------------------------------------------------------------------------

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...(options.headers ?? {}) } });
  if (response.status === 401 && token) { signOut('登录已过期 Signed out: the token expired.'); }
  if (!response.ok) { throw new Error(`${path}: ${response.status}`); }
  return response.json();
}

/** Reads a server-sent event stream over fetch (so the token goes in a header), resuming after the last event id. */
async function stream(path, onItem) {
  let lastId = null;
  while (token) {
    try {
      const headers = { Authorization: `Bearer ${token}`, ...(lastId ? { 'Last-Event-ID': lastId } : {}) };
      const response = await fetch(path, { headers });
      if (!response.ok) { throw new Error(`${path}: ${response.status}`); }
      setLink(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('data:')) { data += line.slice(5).trimStart(); }
            else if (line.startsWith('id:')) { lastId = line.slice(3).trim(); }
          }
          if (data) { onItem(JSON.parse(data)); }
        }
      }
    } catch (error) {
      console.warn(error);
    }
    setLink(false);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function setLink(up) { $('#link').classList.toggle('up', up); }

// ---- sign-in ------------------------------------------------------------------------------------------------------

async function start() {
  if (!token) { return showSignIn(); }
  try {
    const me = await api('/auth/me');
    if (me.role !== 'command-centre') { return signOut('需要指挥中心角色 The command-centre role is needed.'); }
    $('#who').textContent = `${me.name} (${me.userId})`;
  } catch {
    return signOut('');
  }
  $('#sign-in').hidden = true;
  $('#board').hidden = false;
  await load();
}

function showSignIn(message = '') {
  $('#board').hidden = true;
  $('#sign-in').hidden = false;
  $('#sign-in-error').textContent = message;
}

function signOut(message) {
  token = null;
  sessionStorage.removeItem('token');
  showSignIn(message);
}

$('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch('/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: form.get('userId'), password: form.get('password') }) });
  if (!response.ok) { return showSignIn(response.status === 429 ? '尝试过多 Too many tries: wait a minute.' : '用户或密码错误 Unknown user or wrong password.'); }
  const result = await response.json();
  if (result.role !== 'command-centre') { return showSignIn('需要指挥中心角色 The command-centre role is needed.'); }
  token = result.token;
  sessionStorage.setItem('token', token);
  await start();
});

$('#sign-out').addEventListener('click', () => signOut(''));

// ---- the board ----------------------------------------------------------------------------------------------------

async function load() {
  await reloadMap();
  refreshCounters();
  setInterval(() => { reloadMap(); refreshCounters(); }, 30_000);
  stream('/streams/command-centre', onAlert);
  for (const court of courts) { stream(`/streams/courts/${encodeURIComponent(court.id)}/positions`, onPosition); }
}

/** Courts, teams with their operation sites, and planned trips; positions then arrive over the streams. */
async function reloadMap() {
  const map = await api('/command-centre/map');
  courts = map.courts;
  mapItems.sites = map.teams.filter((team) => team.operation).map((team) => ({ team: team.teamId, ...team.operation }));
  for (const team of map.teams) {
    const position = team.lastPosition;
    if (!teams.has(team.teamId)) { teams.set(team.teamId, { position, trail: position ? [[position.latitude, position.longitude, position.at]] : [], element: null }); }
  }
  const boards = await Promise.all(courts.map((court) => api(`/courts/${encodeURIComponent(court.id)}/trips`).catch(() => null)));
  mapItems.trips = boards.filter(Boolean).flatMap((board) => board.trips.filter((trip) => trip.status === 'Planned'));
  drawMap();
}

async function refreshCounters() {
  const rows = await Promise.all(courts.map(async (court) => {
    const [statistics, overdue] = await Promise.all([api(`/courts/${court.id}/statistics`), api(`/courts/${court.id}/overdue`)]);
    return { court, statistics, overdue };
  }));
  $('#counts').replaceChildren(...rows.map(({ court, statistics }) => row(court.name, statistics.day.received, statistics.day.concluded, statistics.pending)));
  $('#overdue').replaceChildren(...rows.flatMap(({ court, overdue }) => overdue.map((item) =>
    listItem('overdue', item.deadline.dueDate, `${court.name} · ${item.deadline.title} · ${item.parties}`, item.caseNumber))));
}

function onAlert(alert) {
  const tier = alert.tier?.toLowerCase();
  const kind = alert.kind.startsWith('Device') || alert.kind === 'BodyCamNotRecording' ? 'device' : alert.kind.startsWith('Trip') ? 'trip' : tier ?? '';
  const item = listItem(kind, new Date(alert.at).toLocaleTimeString('zh-CN', { hour12: false }), `${alert.courtId} · ${alert.title}`, alert.caseNumber);
  item.dataset.kind = alert.kind;
  if (alert.tier) { item.dataset.tier = alert.tier; }
  $('#feed').prepend(item);
  while ($('#feed').children.length > 200) { $('#feed').lastElementChild.remove(); }
  if (alert.kind === 'Deadline' && alert.tier === 'Overdue') { refreshCounters(); }
}

function onPosition(position) {
  const team = teams.get(position.teamId) ?? { trail: [], element: null };
  const point = [position.latitude, position.longitude, position.at];
  if (position.late) {
    // An older fix that arrived late: it belongs in the trail at its time, and the dot stays where the newest fix put it.
    const at = team.trail.findIndex((p) => p[2] !== undefined && p[2] > position.at);
    team.trail.splice(at < 0 ? team.trail.length : at, 0, point);
  } else {
    team.position = position;
    team.trail.push(point);
  }
  if (team.trail.length > trailLength) { team.trail.shift(); }
  teams.set(position.teamId, team);
  if (!projection?.contains(position.latitude, position.longitude)) { drawMap(); } else { drawTeam(position.teamId, team); }
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
    link.addEventListener('click', () => openRecord(caseNumber));
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
  $('#record-title').textContent = `案件记录 ${caseNumber}`;
  $('#record-entries').replaceChildren(...entries.map((entry) => {
    const detail = entry.step?.note ?? entry.step?.result ?? entry.step?.target ?? '';
    return listItem('', new Date(entry.at).toLocaleString('zh-CN', { hour12: false }), `#${entry.sequence} ${entry.kind} · ${entry.actor} ${detail}`);
  }));
  $('#record').showModal();
}

// ---- the map: a plain projected grid, no tiles ----------------------------------------------------------------------

function makeProjection(points) {
  let [south, north, west, east] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lat, lon] of points) { south = Math.min(south, lat); north = Math.max(north, lat); west = Math.min(west, lon); east = Math.max(east, lon); }
  if (!isFinite(south)) { [south, north, west, east] = [31.1, 31.3, 121.3, 121.6]; }
  const padLat = Math.max((north - south) * 0.1, 0.01);
  const padLon = Math.max((east - west) * 0.1, 0.01);
  [south, north, west, east] = [south - padLat, north + padLat, west - padLon, east + padLon];
  const cos = Math.cos(((south + north) / 2) * Math.PI / 180);
  const scale = Math.min(1000 / ((east - west) * cos), 700 / (north - south));
  const x0 = (1000 - (east - west) * cos * scale) / 2;
  const y0 = (700 - (north - south) * scale) / 2;
  return {
    south, north, west, east,
    xy: (lat, lon) => [x0 + (lon - west) * cos * scale, y0 + (north - lat) * scale],
    contains: (lat, lon) => lat > south && lat < north && lon > west && lon < east,
    metres: (m) => (m / 111_195) * scale,
  };
}

function element(name, attributes = {}, children = []) {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) { node.setAttribute(key, value); }
  node.append(...children);
  return node;
}

function text(x, y, content, attributes = {}) { return element('text', { x, y, ...attributes }, [content]); }

function drawMap() {
  const points = [
    ...courts.flatMap((court) => [...court.outline, ...(court.seat ? [court.seat] : [])].map((p) => [p.latitude, p.longitude])),
    ...mapItems.sites.map((site) => [site.site.latitude, site.site.longitude]),
    ...mapItems.trips.flatMap((trip) => trip.plan.destinations.map((d) => [d.latitude, d.longitude])),
    ...[...teams.values()].flatMap((team) => team.trail),
  ];
  projection = makeProjection(points);
  const { xy } = projection;
  const grid = element('g', { class: 'grid' });
  const step = niceStep(projection.north - projection.south);
  for (let lat = Math.ceil(projection.south / step) * step; lat < projection.north; lat += step) {
    const [, y] = xy(lat, projection.west);
    grid.append(element('line', { x1: 0, x2: 1000, y1: y, y2: y }), text(4, y - 2, `${lat.toFixed(2)}°N`));
  }
  for (let lon = Math.ceil(projection.west / step) * step; lon < projection.east; lon += step) {
    const [x] = xy(projection.north, lon);
    grid.append(element('line', { x1: x, x2: x, y1: 0, y2: 700 }), text(x + 2, 696, `${lon.toFixed(2)}°E`));
  }
  const courtLayer = element('g', {}, courts.map((court) => {
    const group = element('g', { class: 'court', 'data-court': court.id });
    if (court.outline.length > 2) {
      group.append(element('path', { d: `M${court.outline.map((p) => xy(p.latitude, p.longitude).join(',')).join('L')}Z` }));
    }
    const label = court.seat ?? court.outline[0];
    if (label) { const [x, y] = xy(label.latitude, label.longitude); group.append(text(x + 6, y - 6, court.name)); }
    return group;
  }));
  const tripLayer = element('g', {}, mapItems.trips.map((trip) => element('g', { class: 'trip', 'data-trip': trip.id }, [
    ...(trip.plan.route ? [element('polyline', { points: trip.plan.route.map((p) => xy(p.latitude, p.longitude).join(',')).join(' ') })] : []),
    ...trip.plan.destinations.map((d) => { const [x, y] = xy(d.latitude, d.longitude); return element('rect', { x: x - 4, y: y - 4, width: 8, height: 8 }, [element('title', {}, [`${trip.id}: ${d.address}`])]); }),
  ])));
  const siteLayer = element('g', {}, mapItems.sites.map((site) => {
    const [x, y] = xy(site.site.latitude, site.site.longitude);
    return element('g', { class: 'site', 'data-case': site.caseNumber }, [
      element('circle', { cx: x, cy: y, r: Math.max(6, projection.metres(site.radiusMetres)) }), text(x + 8, y + 14, `${site.caseNumber}`)]);
  }));
  const teamLayer = element('g', { id: 'teams' });
  $('#map').replaceChildren(grid, courtLayer, tripLayer, siteLayer, teamLayer);
  for (const [id, team] of teams) { team.element = null; drawTeam(id, team); }
}

function drawTeam(id, team) {
  if (!team.position || !projection) { return; }
  const [x, y] = projection.xy(team.position.latitude, team.position.longitude);
  if (!team.element) {
    team.element = element('g', { class: 'team', 'data-team': id }, [element('polyline'), element('circle', { r: 7 }), text(0, 0, id)]);
    $('#teams').append(team.element);
  }
  const [trail, dot, label] = team.element.children;
  trail.setAttribute('points', team.trail.map(([lat, lon]) => projection.xy(lat, lon).join(',')).join(' '));
  dot.setAttribute('cx', x);
  dot.setAttribute('cy', y);
  label.setAttribute('x', x + 10);
  label.setAttribute('y', y + 4);
  team.element.dataset.sequence = team.position.sequence;
  team.element.dataset.at = team.position.at;
}

function niceStep(span) {
  const raw = span / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
}

setInterval(() => { $('#clock').textContent = new Date().toLocaleString('zh-CN', { hour12: false }); }, 1000);
start();
