// The frame every signed-in page shares: texts, the signed-in caller, the bar (title, navigation, alert badge,
// language, sign-out) and helpers for forms that show the server's errors at their fields.
import { api, ApiError, signOut, useSignInPage, whoAmI } from './api.js';
import { applyTexts, language, loadTexts, setLanguage, t } from './texts.js';

/** Each role's own page. */
export const homeOf = {
  judge: '/judge/', chief: '/chief/', clerk: '/clerk/', 'grid-worker': '/grid/', 'command-centre': '/command-centre/', party: '/party/', filer: '/party/filing.html',
};

/**
 * Starts a page: loads `texts`, makes sure the caller is signed in with one of `roles` (else sends them to
 * `signInPage`, or to their own page), and draws the bar with `nav` ([{ href, text }]). Returns the caller and the
 * bar's badge element.
 */
export async function startPage({ texts = [], roles, nav = [], title, signInPage = '/signin/' }) {
  useSignInPage(signInPage);
  await loadTexts('common', ...texts);
  const me = await whoAmI();
  if (!me) { location.assign(`${signInPage}?return=${encodeURIComponent(location.pathname + location.search)}`); return new Promise(() => {}); }
  if (roles && !roles.includes(me.role)) { location.assign(homeOf[me.role] ?? signInPage); return new Promise(() => {}); }
  const bar = document.getElementById('bar');
  bar.classList.add('bar');
  bar.replaceChildren();
  const heading = element('h1', {}, t(title));
  const links = element('nav', { 'aria-label': t('common.navigation') });
  for (const item of nav) {
    const link = element('a', { href: item.href }, t(item.text));
    if (new URL(item.href, location.href).pathname === location.pathname) { link.setAttribute('aria-current', 'page'); }
    links.append(link);
  }
  const badge = element('span', { class: 'badge', id: 'alert-badge', title: t('common.newAlerts') });
  const who = element('span', { class: 'who' }, `${me.name}`, ' ', badge);
  const other = language === 'en' ? 'zh-CN' : 'en';
  const switcher = element('button', { type: 'button', id: 'language' }, other === 'en' ? 'English' : '中文');
  switcher.addEventListener('click', () => setLanguage(other));
  const out = element('button', { type: 'button', id: 'sign-out' }, t('common.signOut'));
  out.addEventListener('click', async () => { await signOut(); location.assign(signInPage); });
  bar.append(heading, links, who, switcher, out);
  document.title = `${t(title)} · Coordination`;
  return { me, badge };
}

/** Makes an element: `element('a', { href }, 'text', child)`. */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) { continue; }
    if (name === 'dataset') { Object.assign(node.dataset, value); } else { node.setAttribute(name, value === true ? '' : value); }
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/**
 * Runs `action` for a form's submit: clears the form's errors, disables its buttons meanwhile, and on an ApiError
 * shows each field error under the field named like it (name attribute, case-insensitive) and the rest in the
 * form's `.form-error`.
 */
export function onSubmit(form, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((button) => { button.disabled = true; });
    try {
      await action(new FormData(form));
    } catch (error) {
      showErrors(form, error);
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  });
}

/** Removes the errors shown on a form. */
export function clearErrors(form) {
  for (const field of form.querySelectorAll('.field.invalid')) { field.classList.remove('invalid'); }
  for (const message of form.querySelectorAll('.field-error, .form-error')) { message.textContent = ''; }
}

/** Shows an error on a form: field errors at their fields, the server's reason in `.form-error`. */
export function showErrors(form, error) {
  const general = form.querySelector('.form-error');
  if (!(error instanceof ApiError)) { if (general) { general.textContent = error.message; } return; }
  const unplaced = [];
  for (const [name, messages] of Object.entries(error.fieldErrors)) {
    const input = [...form.elements].find((candidate) => candidate.name && candidate.name.toLowerCase() === name.toLowerCase().split('.').pop().replace(/\[\d+\]$/, ''));
    const field = input?.closest('.field');
    const slot = field?.querySelector('.field-error');
    if (slot) { field.classList.add('invalid'); slot.textContent = [].concat(messages).join(' '); } else { unplaced.push(`${name}: ${[].concat(messages).join(' ')}`); }
  }
  if (general) {
    general.textContent = [Object.keys(error.fieldErrors).length ? null : error.message, ...unplaced].filter(Boolean).join(' ');
    if (!general.textContent && !form.querySelector('.field.invalid')) { general.textContent = error.message; }
  }
}

/** A labelled field for a form: `field('amount', 'case.amount', input)` with a slot for its error. */
export function field(name, label, input) {
  input.name = name;
  return element('label', { class: 'field' }, element('span', {}, t(label)), input, element('span', { class: 'field-error', role: 'alert' }));
}

export { api, ApiError, applyTexts, t };
