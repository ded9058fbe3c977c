// Texts from the resource files under /ui/texts: Chinese by default, English when chosen. Elements name their text
// with data-t (content), data-t-placeholder, data-t-title and data-t-aria-label.

const stored = localStorage.getItem('lang');
/** The page's language: 'zh-CN' (default) or 'en'. */
export const language = stored === 'en' ? 'en' : 'zh-CN';
const texts = {};

/** Loads the named resource files (e.g. 'common', 'judge') and the refusals' ('problem'), and applies them to the document. */
export async function loadTexts(...names) {
  const files = await Promise.all([...new Set([...names, 'problem'])].map(async (name) => {
    const response = await fetch(`/ui/texts/${name}.${language}.json`);
    if (!response.ok) { throw new Error(`texts ${name}.${language}.json: HTTP ${response.status}`); }
    return response.json();
  }));
  for (const file of files) { Object.assign(texts, file); }
  document.documentElement.lang = language;
  applyTexts(document);
}

/** The text for `key`, with {name} placeholders filled from `values`; the key itself when there is none. */
export function t(key, values = {}) {
  const text = texts[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (values[name] ?? `{${name}}`));
}

/**
 * A deadline's title in the page's language: the text of its rule (`common.rule.<ruleId>`), or the title the court's
 * rules file gives when the resource files do not know the rule.
 */
export function deadlineTitle({ ruleId, title }) {
  return (ruleId && texts[`common.rule.${ruleId}`]) || title;
}

/**
 * An alert's title in the page's language: its wording (`common.alert.<textKey>` filled with `textArgs`; amounts as
 * money, named values such as an entrustment's kind from `common.alert.<arg>.<value>`), a deadline warning's from its
 * rule and tier; the server's (English) title when the resource files do not know the wording.
 */
export function alertTitle(alert) {
  if (alert.textKey && texts[`common.alert.${alert.textKey}`]) {
    const values = wordedValues(alert.textArgs, 'common.alert');
    if (alert.ruleId) { values.title = deadlineTitle(alert); }
    if (alert.tier) { values.tier = t(`common.tier.${alert.tier}`); }
    return t(`common.alert.${alert.textKey}`, values).trim();
  }
  if (!alert.ruleId || alert.entrustmentId) { return alert.title; }
  const title = deadlineTitle(alert);
  if (alert.kind === 'DeadlineWithdrawn') { return t('common.alert.done', { title }); }
  if (alert.kind !== 'Deadline' || !alert.tier) { return alert.title; }
  const late = alert.passedUnseen?.length ? t('common.alert.late', { tiers: alert.passedUnseen.map((tier) => t(`common.tier.${tier}`)).join('、') }) : '';
  return t('common.alert.deadline', { title, tier: t(`common.tier.${alert.tier}`) }) + late;
}

/**
 * Why the server refused, in the page's language: the problem's text (`problem.<key>` filled with its values; words
 * such as a type from `problem.<name>.<value>`, amounts as money), or `english` when the resource files do not know it.
 */
export function problemText(text, english) {
  if (!text?.key || !texts[`problem.${text.key}`]) { return english; }
  return t(`problem.${text.key}`, wordedValues(text.args, 'problem'));
}

/** A wording's values as the page writes them: amounts (`amount`, `held`) as money, a value with a text `<words>.<name>.<value>` in words. */
function wordedValues(args, words) {
  return Object.fromEntries(Object.entries(args ?? {}).map(([name, value]) =>
    [name, name === 'amount' || name === 'held' ? formatMoney(Number(value)) : texts[`${words}.${name}.${value}`] ?? value]));
}

/** Fills every data-t* attribute under `root`. */
export function applyTexts(root) {
  for (const element of root.querySelectorAll('[data-t]')) { element.textContent = t(element.dataset.t); }
  for (const [attribute, name] of [['tPlaceholder', 'placeholder'], ['tTitle', 'title'], ['tAriaLabel', 'aria-label']]) {
    for (const element of root.querySelectorAll(`[data-${attribute.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`)) {
      element.setAttribute(name, t(element.dataset[attribute]));
    }
  }
}

/** Switches the language and reloads the page in it. */
export function setLanguage(next) { localStorage.setItem('lang', next); location.reload(); }

const locale = () => (language === 'en' ? 'en-GB' : 'zh-CN');
/** A date (YYYY-MM-DD or Date) as the language writes it. */
export function formatDate(value) {
  if (!value) { return ''; }
  const date = typeof value === 'string' && value.length === 10 ? new Date(`${value}T00:00:00`) : new Date(value);
  return date.toLocaleDateString(locale(), { year: 'numeric', month: '2-digit', day: '2-digit' });
}
/** A moment as the language writes it, in the browser's time zone. */
export function formatDateTime(value) {
  return value ? new Date(value).toLocaleString(locale(), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '';
}
/** An amount of yuan, exactly as the API gives it (two decimals). */
export function formatMoney(amount) {
  return amount === null || amount === undefined ? '' : new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 }).format(amount);
}
