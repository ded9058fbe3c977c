// What the chief's pages share: the bar with their navigation, the court's alert badge and toasts, the focus-case
// dialog (PUT /courts/{courtId}/focus/{caseNumber}) and small formatting helpers.
import { api, element, onSubmit, startPage, t } from '/ui/shell.js';
import { toast, watchAlerts } from '/ui/live.js';
import { formatDate } from '/ui/texts.js';

export const nav = [
  { href: '/chief/', text: 'chief.nav.overview' },
  { href: '/chief/judges.html', text: 'chief.nav.judges' },
  { href: '/chief/statistics.html', text: 'chief.nav.statistics' },
  { href: '/chief/approvals.html', text: 'chief.nav.approvals' },
  { href: '/chief/activity.html', text: 'chief.nav.activity' },
];

/** Starts a chief's page: the caller must be a chief; returns { me, courtId, badge }. */
export async function startChief(title) {
  const { me, badge } = await startPage({ texts: ['chief'], roles: ['chief'], nav, title });
  return { me, courtId: me.courtId, badgeElement: badge };
}

export const path = (...parts) => `/${parts.map((part) => encodeURIComponent(part)).join('/')}`;

/** Watches the court's alert stream (see `watchAlerts`: toasts and the badge for new alerts, `onAlert(alert, live)` for every one). */
export const watchCourt = (courtId, badgeElement, onAlert, options) => watchAlerts(path('streams', 'courts', courtId), badgeElement, onAlert, options);

/** The small line saying whether the live stream is connected. */
export function showLink(element, connected) {
  element.dataset.state = connected ? 'live' : 'offline';
  element.textContent = t(connected ? 'common.live' : 'common.offline');
}

/** A tier's chip: 'Overdue' → red pill with the tier's name. */
export function tierChip(tier) {
  return tier ? element('span', { class: `chip tier-${tier.toLowerCase()}` }, t(`common.tier.${tier}`)) : null;
}

/** An API colour's chip ('Yellow', 'Orange', 'Red'; 'None' gives nothing). */
export function colourChip(colour, done = false) {
  if (done) { return element('span', { class: 'chip tier-done' }, t('common.colour.green')); }
  const name = (colour ?? 'None').toLowerCase();
  return name === 'none' ? null : element('span', { class: `chip colour-${name}` }, t(`common.colour.${name}`));
}

/** Shows an error of an action without a form as a toast with the server's reason. */
export function showRefusal(error) {
  toast(t('chief.refused'), { tier: 'Overdue', detail: error.message });
}

/**
 * The focus dialog of the page (#focus-dialog with #focus-form, #focus-case, #focus-cancel): `focusButton(courtId,
 * caseNumber, focused, changed)` gives a button that marks the case (asking for a note) or unmarks it, and calls
 * `changed(courtCase)` with the API's answer.
 */
export function focusButtons() {
  const dialog = document.getElementById('focus-dialog');
  const form = document.getElementById('focus-form');
  let pending = null;
  document.getElementById('focus-cancel').addEventListener('click', () => { pending = null; dialog.close(); });
  onSubmit(form, async (data) => {
    if (!pending) { return; }
    const { courtId, caseNumber, changed } = pending;
    const answer = await api(path('courts', courtId, 'focus', caseNumber), { method: 'PUT', body: { focus: true, note: data.get('note') || null } });
    pending = null;
    dialog.close();
    toast(t('chief.focusMarked', { caseNumber }));
    changed(answer);
  });
  return (courtId, caseNumber, focused, changed) => {
    const button = element('button', { type: 'button', class: focused ? 'secondary focus-off' : 'focus-on', dataset: { case: caseNumber } },
      t(focused ? 'chief.unmarkFocus' : 'chief.markFocus'));
    button.addEventListener('click', async (event) => {
      event.stopPropagation();
      if (!focused) {
        pending = { courtId, caseNumber, changed };
        form.reset();
        form.querySelector('.form-error').textContent = '';
        document.getElementById('focus-case').textContent = caseNumber;
        dialog.showModal();
        return;
      }
      button.disabled = true;
      try {
        changed(await api(path('courts', courtId, 'focus', caseNumber), { method: 'PUT', body: { focus: false } }));
      } catch (error) {
        showRefusal(error);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  };
}

/** Runs `work` at most once per `ms`, the last call winning (refreshes after a burst of alerts). */
export function debounce(work, ms = 300) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(work, ms); };
}

export { api, element, formatDate, t, toast };
