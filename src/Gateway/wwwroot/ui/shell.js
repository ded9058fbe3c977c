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
 * Runs `action` for a form's submit (and enables its submit buttons): clears the form's errors, disables its buttons meanwhile, and on an ApiError
 * shows each field error under the field named like it (name attribute, case-insensitive) and the rest in the
 * form's `.form-error`.
 */
export function onSubmit(form, action) {
  // A page's static submit buttons start disabled, so that nothing is sent (natively, as a GET with the fields in the
  // address) before the module has attached its handler.
  for (const button of form.querySelectorAll('button[type=submit][disabled]')) { button.disabled = false; }
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

/**
 * Shows an error on a form. Each field error goes to the `.field` holding the input named like its key
 * (`applicants[0].mobile`, case-insensitive), or the `.field[data-path]` naming it; a key with no such field goes to its
 * nearest parent that has one (`applicants[0]`), else to `.form-error`, where the server's reason goes when there are
 * no field errors. The first invalid input gets the focus.
 */
export function showErrors(form, error) {
  const general = form.querySelector('.form-error');
  const fieldErrors = error instanceof ApiError ? Object.entries(error.fieldErrors) : [];
  if (!fieldErrors.length) { if (general) { general.textContent = error.message; } return; }
  const fieldAt = (path) => {
    const lower = path.toLowerCase();
    const named = [...form.elements].find((candidate) => candidate.name && candidate.name.toLowerCase() === lower);
    return named?.closest('.field') ?? [...form.querySelectorAll('.field[data-path]')].find((field) => field.dataset.path.toLowerCase() === lower);
  };
  const unplaced = [];
  for (const [key, messages] of fieldErrors) {
    let path = key.replace(/^\$\./, '');
    let field = fieldAt(path) ?? fieldAt(`${path}.text`);
    while (!field && /[.[]/.test(path)) {
      path = path.replace(/(\.[^.[]+|\[\d+\])$/, '');
      field = fieldAt(path) ?? fieldAt(`${path}.text`);
    }
    const text = [].concat(messages).join(' ');
    const slot = field?.querySelector('.field-error');
    if (slot) {
      field.classList.add('invalid');
      slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
      field.closest('details')?.setAttribute('open', '');
    } else { unplaced.push(`${key}: ${text}`); }
  }
  if (general) { general.textContent = unplaced.join(' '); }
  form.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea')?.focus();
}

/** A labelled field for a form: `field('amount', 'case.amount', input)` with a slot for its error. */
export function field(name, label, input) {
  input.name = name;
  return element('label', { class: 'field' }, element('span', {}, t(label)), input, element('span', { class: 'field-error', role: 'alert' }));
}

export { api, ApiError, applyTexts, t };
