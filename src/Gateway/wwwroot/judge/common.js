// What every judge page shares: the bar with the judge's navigation, the live alert stream (toasts and the badge),
// and small helpers for deadline colours. The live state is on <body data-live="true|false"> for tests and styles.
import { startPage, element } from '/ui/shell.js';
import { watchAlerts } from '/ui/live.js';
import { t, formatDate, deadlineTitle } from '/ui/texts.js';

export const nav = [
  { href: '/judge/', text: 'judge.nav.cases' },
  { href: '/judge/plan.html', text: 'judge.nav.plan' },
  { href: '/judge/trips.html', text: 'judge.nav.trips' },
];

/**
 * Starts a judge page and watches the judge's own alert stream: each alert is a toast (coloured by its tier) and
 * counts on the badge; `onAlert(alert)` sees it too.
 */
export async function startJudgePage(title, onAlert = () => {}) {
  const started = await startPage({ texts: ['judge'], roles: ['judge'], nav, title });
  document.body.dataset.live = 'false';
  watchAlerts('/streams/judge', started.badge, onAlert, { onState: (up) => { document.body.dataset.live = String(up); } });
  return started;
}

/** The CSS class of an API tier ('Upcoming', 'Due', 'Overdue'), or '' for none. */
export const tierClass = (tier) => (tier ? `tier-${tier.toLowerCase()}` : '');

/** The CSS class of an API colour ('Yellow', 'Orange', 'Red', 'None'). */
export const colourClass = (colour) => (colour && colour !== 'None' ? `colour-${colour.toLowerCase()}` : '');

/** A deadline as a chip: its title and due date, coloured by its tier. */
export function deadlineChip(deadline, tier) {
  const tierText = tier ? t(`common.tier.${tier}`) : t('judge.tier.open');
  return element('span', {
    class: `chip deadline ${tierClass(tier)}`.trim(), dataset: { deadline: deadline.id, tier: tier ?? 'None' }, title: tierText,
  }, `${deadlineTitle(deadline)} · ${formatDate(deadline.dueDate)}`);
}

/** The case page's address. */
export const caseHref = (caseNumber) => `/judge/case.html?case=${encodeURIComponent(caseNumber)}`;

/** Shows a failed load in `container` with the server's reason. */
export function showFailure(container, error) {
  container.replaceChildren(element('p', { class: 'form-error', role: 'alert' }, `${t('judge.loadFailed')} ${error.message}`));
}

/** Today in the courts' time zone (every court of the deployment keeps Beijing time), as YYYY-MM-DD. */
export const courtToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
