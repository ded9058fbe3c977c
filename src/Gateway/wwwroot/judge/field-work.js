// The case's work outside the court room, for its judge: sending one of the court's field teams to a site picked on
// the map (and ending the operation), commanding the devices of a team while it is on this case, asking the grid
// worker of a debtor's area, and entrusting work to a court another deployment serves. The server decides; this
// offers what the access table lets the case's judge do (README, "Who may do what").
import { api, element, onSubmit, t } from '/ui/shell.js';
import { formatDateTime, problemText } from '/ui/texts.js';
import { createMap, dot } from '/ui/map.js';
import { caseHref } from './common.js';

const $ = (id) => document.getElementById(id);
const commandsShown = 3;

/**
 * Starts the panel of `caseNumber` for the judge `me`; `onChange()` runs after anything it sent. Returns
 * `draw(view)`, which shows the panel for the case as `view` has it.
 */
export async function startFieldWork(caseNumber, me, onChange) {
  const [peerCourts, caseload] = await Promise.all([api('/peers/courts'), api('/judges/me/caseload')]);
  const myCases = new Set(caseload.map((summary) => summary.caseNumber));
  let view = null;
  let site = null;
  let siteMarker = null;
  const map = await createMap($('site-map'), { zoom: 12 });
  map.on('click', (event) => placeSite([event.latlng.lat, event.latlng.lng]));

  function placeSite(latLng) {
    site = latLng;
    siteMarker?.remove();
    siteMarker = dot(latLng, 'picked', t('judge.work.site')).addTo(map);
    $('site-position').textContent = `${latLng[0].toFixed(5)}, ${latLng[1].toFixed(5)}`;
  }

  const done = async (toastText) => {
    const { toast } = await import('/ui/live.js');
    toast(toastText, { timeout: 5000 });
    await onChange();
  };

  onSubmit($('dispatch-form'), async (data) => {
    if (!site) { throw new Error(t('judge.work.pickSite')); }
    const teamId = String(data.get('team'));
    await api(`/field-teams/${encodeURIComponent(teamId)}/operation`, {
      method: 'PUT', body: { caseNumber, latitude: site[0], longitude: site[1], address: String(data.get('address') ?? '').trim() || null },
    });
    await done(t('judge.work.dispatched', { team: teamName(teamId) }));
  });

  onSubmit($('assistance-form'), async (data) => {
    await api(`/cases/${encodeURIComponent(caseNumber)}/assistance`, {
      method: 'POST', body: { debtorIndex: Number(data.get('debtorIndex')), kind: data.get('kind'), note: String(data.get('note') ?? '').trim() },
    });
    $('assistance-form').reset();
    await done(t('judge.work.asked'));
  });

  $('entrust-form').hidden = !peerCourts.length;
  $('entrust-none').hidden = peerCourts.length > 0;
  $('entrust-form').querySelector('select[name=toCourt]').replaceChildren(...peerCourts.map((court) => element('option', { value: court.courtId }, `${court.courtId} (${court.peerId})`)));
  onSubmit($('entrust-form'), async (data) => {
    const files = data.getAll('documents').filter((file) => file instanceof File && file.size > 0);
    const documents = await Promise.all(files.map(async (file) => ({ name: file.name, sha256: await sha256Of(file), size: file.size })));
    const toCourt = String(data.get('toCourt'));
    await api(`/cases/${encodeURIComponent(caseNumber)}/entrustments`, {
      method: 'POST', body: { toCourt, kind: data.get('kind'), description: String(data.get('description') ?? '').trim(), documents },
    });
    $('entrust-form').reset();
    await done(t('judge.work.entrusted', { court: toCourt }));
  });

  let teams = [];
  const teamName = (teamId) => teams.find((team) => team.teamId === teamId)?.setup.name ?? teamId;

  /** Shows the panel for the case's judge while the case is open, with the court's teams as they are now. */
  async function draw(caseView) {
    view = caseView;
    const open = view.judgeId === me.userId && !['Closed', 'Terminated'].includes(view.status);
    $('work-panel').hidden = !open;
    if (!open) { return; }
    teams = await api(`/courts/${encodeURIComponent(view.courtId)}/field-teams`);
    drawTeams();
    drawDispatchChoices();
    $('assistance-form').querySelector('select[name=debtorIndex]').replaceChildren(...view.filing.debtors.map((debtor, index) =>
      element('option', { value: String(index) }, `${debtor.name} · ${debtor.address?.text ?? ''}`)));
    const located = view.filing.debtors.find((debtor) => debtor.address?.latitude != null && debtor.address?.longitude != null);
    if (!site && located) {
      placeSite([located.address.latitude, located.address.longitude]);
      map.setView(site, 14);
      $('dispatch-form').querySelector('input[name=address]').value = located.address.text;
    }
    map.invalidateSize();
  }

  /** A team may be sent by its member, or by the judge of the new case unless it is on another judge's case. */
  const mayDispatch = (team) => team.setup.members.includes(me.userId) || !team.operation || myCases.has(team.operation.caseNumber);

  function drawDispatchChoices() {
    const select = $('dispatch-form').querySelector('select[name=team]');
    const chosen = select.value;
    const free = teams.filter(mayDispatch);
    select.replaceChildren(...(free.length
      ? free.map((team) => element('option', { value: team.teamId }, `${team.setup.name} · ${statusText(team)}`))
      : [element('option', { value: '' }, t('judge.work.noTeamFree'))]));
    if (free.some((team) => team.teamId === chosen)) { select.value = chosen; }
  }

  function statusText(team) {
    if (!team.operation) { return t('judge.work.idle'); }
    if (team.operation.caseNumber !== caseNumber) { return t('judge.work.onOtherCase', { case: team.operation.caseNumber }); }
    return team.onSite ? t('judge.work.onSite') : t('judge.work.onThisCase');
  }

  function drawTeams() {
    const list = $('teams');
    if (!teams.length) { list.replaceChildren(element('li', { class: 'empty' }, t('judge.work.noTeams'))); return; }
    list.replaceChildren(...teams.map((team) => {
      const here = team.operation?.caseNumber === caseNumber;
      const item = element('li', { class: here ? 'tier-upcoming' : '', dataset: { team: team.teamId, here: String(here) } },
        element('div', { class: 'row' }, element('strong', {}, team.setup.name),
          team.operation && !here
            ? element('a', { class: 'chip', href: caseHref(team.operation.caseNumber) }, statusText(team))
            : element('span', { class: `chip ${team.onSite ? 'ok' : ''}`.trim(), dataset: { status: team.operation ? (team.onSite ? 'on-site' : 'on-case') : 'idle' } }, statusText(team))),
        element('small', {}, [t('judge.work.members', { members: team.setup.members.join('、') }),
          team.lastPosition ? t('judge.work.lastSeen', { at: formatDateTime(team.lastPosition.at) }) : null].filter(Boolean).join(' · ')));
      if (here) {
        item.append(element('small', {}, t('judge.work.siteAt', { address: team.operation.address ?? '', at: formatDateTime(team.operation.startedAt) })));
        const error = element('p', { class: 'form-error', role: 'alert' });
        const end = element('button', { type: 'button', class: 'danger' }, t('judge.work.end'));
        end.addEventListener('click', () => act(end, error, async () => {
          await api(`/field-teams/${encodeURIComponent(team.teamId)}/operation`, { method: 'DELETE' });
          await onChange();
        }));
        item.append(element('div', { class: 'actions' }, end), error,
          element('ul', { class: 'list devices' }, ...team.setup.devices.map((device) => deviceItem(device))));
      }
      return item;
    }));
  }

  /** A device of a team on this case: the commands it takes, a message, and the latest commands with their status. */
  function deviceItem(device) {
    const commands = element('div', { class: 'chips commands' });
    const error = element('p', { class: 'form-error', role: 'alert' });
    // A command the broker could not take is refused (503) but listed as failed: the list is shown either way.
    const send = (button, body) => act(button, error, async () => {
      try { await api(`/devices/${encodeURIComponent(device.deviceId)}/commands`, { method: 'POST', body }); } finally { await showCommands(); }
    });
    const kinds = device.kind === 'BodyCamera' ? ['StartRecording', 'StopRecording', 'ReturnToBase'] : ['ReturnToBase'];
    const buttons = kinds.map((kind) => {
      const button = element('button', { type: 'button', class: 'secondary', dataset: { command: kind } }, t(`judge.work.command.${kind}`));
      button.addEventListener('click', () => send(button, { kind }));
      return button;
    });
    const text = element('input', { name: 'text', maxlength: 200, 'aria-label': t('judge.work.messageText'), placeholder: t('judge.work.messageText') });
    const message = element('button', { type: 'button', class: 'secondary', dataset: { command: 'Message' } }, t('judge.work.sendMessage'));
    message.addEventListener('click', () => send(message, { kind: 'Message', text: text.value.trim() }).then(() => { if (!error.textContent) { text.value = ''; } }));
    async function showCommands() {
      const sent = await api(`/devices/${encodeURIComponent(device.deviceId)}/commands`);
      commands.replaceChildren(...sent.slice(0, commandsShown).map((command) => element('span', {
        class: `chip ${{ Acknowledged: 'ok', Failed: 'bad', Expired: 'bad' }[command.status] ?? ''}`.trim(), dataset: { command: command.id, kind: command.kind, status: command.status },
        title: command.detail ? problemText(command.detailText, command.detail) : '',
      }, `${t(`judge.work.command.${command.kind}`)} · ${t(`judge.work.commandStatus.${command.status}`)}`)));
    }
    showCommands().catch((failure) => { error.textContent = failure.message; });
    return element('li', { dataset: { device: device.deviceId } },
      element('div', { class: 'row' }, element('strong', {}, t(`judge.work.device.${device.kind}`)), element('small', {}, device.deviceId)),
      element('div', { class: 'actions' }, ...buttons), element('div', { class: 'row' }, text, message), commands, error);
  }

  return { draw };
}

/** Runs a button's action with the button disabled, the server's reason in `error` if it is refused. */
async function act(button, error, action) {
  button.disabled = true;
  error.textContent = '';
  try { await action(); } catch (failure) { error.textContent = failure.message; } finally { button.disabled = false; }
}

/** A file's SHA-256 as hex: documents of an entrustment travel as name, digest and size. */
async function sha256Of(file) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
