// The fields of an enforcement application, shared by the clerk's hand filing (/clerk/) and online filing
// (/party/filing.html): kind, amount, title, applicants and debtors (each with address and an optional lawyer).
// Inputs are named by the JSON path the server's field errors use (applicants[0].mobile), so that each error is
// shown at its own field, even when applicants and debtors have fields of the same name.
import { t } from '/ui/texts.js';
import { element } from '/ui/shell.js';

const slot = () => element('span', { class: 'field-error', role: 'alert' });

/** A labelled input named by its JSON path. */
function input(name, label, attributes = {}) {
  return element('label', { class: 'field' }, element('span', {}, t(label)), element(attributes.tag ?? 'input', { name, ...attributes, tag: null }), slot());
}

/** One applicant's or debtor's fields at `group[index]`. */
function partyFields(group, index) {
  const path = `${group}[${index}]`;
  const lawyer = element('details', { class: 'lawyer' }, element('summary', {}, t('party.form.lawyer')),
    input(`${path}.lawyer.name`, 'party.form.lawyerName', { autocomplete: 'off' }),
    input(`${path}.lawyer.idNumber`, 'party.form.idNumber', { autocomplete: 'off', maxlength: '18' }),
    input(`${path}.lawyer.mobile`, 'party.form.mobile', { type: 'tel', inputmode: 'numeric', maxlength: '11' }),
    input(`${path}.lawyer.firm`, 'party.form.firm', { autocomplete: 'off' }));
  return element('fieldset', { class: 'party-fields', dataset: { group, index: String(index) } },
    element('legend', {}, t(`party.form.${group === 'applicants' ? 'applicant' : 'debtor'}`, { n: index + 1 })),
    element('div', { class: 'field', dataset: { path } }, slot()),
    input(`${path}.name`, 'party.form.name', { autocomplete: 'off' }),
    input(`${path}.idNumber`, 'party.form.idNumber', { autocomplete: 'off', maxlength: '18' }),
    input(`${path}.mobile`, 'party.form.mobile', { type: 'tel', inputmode: 'numeric', maxlength: '11' }),
    input(`${path}.address.text`, 'party.form.address', { autocomplete: 'off' }),
    element('div', { class: 'coordinates' },
      input(`${path}.address.latitude`, 'party.form.latitude', { type: 'number', step: 'any', min: '-90', max: '90' }),
      input(`${path}.address.longitude`, 'party.form.longitude', { type: 'number', step: 'any', min: '-180', max: '180' })),
    lawyer);
}

/**
 * Adds the application's fields to `form` before its `.form-error`: the case number first when `withCaseNumber`
 * (the clerk's hand filing), the court when `withCourt` (online filing). Returns the form.
 */
export function applicationFields(form, { withCaseNumber = false, withCourt = false } = {}) {
  const before = form.querySelector('.form-error');
  const lists = {};
  const group = (name) => {
    const list = element('div', { class: 'party-list', dataset: { group: name } });
    lists[name] = list;
    const add = element('button', { type: 'button', class: 'secondary', id: `add-${name}` }, t(`party.form.add.${name}`));
    add.addEventListener('click', () => list.append(partyFields(name, list.children.length)));
    list.append(partyFields(name, 0));
    return [element('div', { class: 'field', dataset: { path: name } }, slot()), list, element('div', { class: 'actions' }, add)];
  };
  const kind = element('select', { name: 'kind' },
    element('option', { value: 'Litigation' }, t('party.form.kind.Litigation')), element('option', { value: 'NonLitigation' }, t('party.form.kind.NonLitigation')));
  form.insertBefore(element('div', { class: 'application' },
    withCaseNumber ? input('caseNumber', 'party.form.caseNumber', { autocomplete: 'off', placeholder: 'SH01-2026-0001' }) : null,
    withCourt ? input('courtId', 'party.form.court', { autocomplete: 'off', placeholder: 'SH01' }) : null,
    element('label', { class: 'field' }, element('span', {}, t('party.form.kind')), kind, slot()),
    input('amountClaimed', 'party.form.amount', { type: 'number', min: '0.01', step: '0.01', inputmode: 'decimal' }),
    input('basisDocument', 'party.form.basis', { autocomplete: 'off', placeholder: '(2025)沪0101民初123号' }),
    element('h3', {}, t('party.form.applicants')), ...group('applicants'),
    element('h3', {}, t('party.form.debtors')), ...group('debtors')), before);
  return form;
}

const value = (form, name) => (form.elements.namedItem(name)?.value ?? '').trim();
const number = (text) => (text === '' ? null : Number(text));

function readParty(form, path) {
  const party = {
    name: value(form, `${path}.name`), idNumber: value(form, `${path}.idNumber`).toUpperCase(), mobile: value(form, `${path}.mobile`),
    address: { text: value(form, `${path}.address.text`), latitude: number(value(form, `${path}.address.latitude`)), longitude: number(value(form, `${path}.address.longitude`)) },
  };
  const lawyer = ['name', 'idNumber', 'mobile', 'firm'].map((name) => value(form, `${path}.lawyer.${name}`));
  if (lawyer.some(Boolean)) { party.lawyer = { name: lawyer[0], idNumber: lawyer[1].toUpperCase(), mobile: lawyer[2], firm: lawyer[3] || null }; }
  return party;
}

/** The application as the API takes it (without the documents). */
export function readApplication(form) {
  const parties = (group) => [...form.querySelectorAll(`fieldset[data-group="${group}"]`)].map((set) => readParty(form, `${group}[${set.dataset.index}]`));
  const application = {
    kind: value(form, 'kind'), amountClaimed: number(value(form, 'amountClaimed')) ?? 0, basisDocument: value(form, 'basisDocument'),
    applicants: parties('applicants'), debtors: parties('debtors'),
  };
  if (form.elements.namedItem('caseNumber')) { application.caseNumber = value(form, 'caseNumber'); }
  if (form.elements.namedItem('courtId')) { application.courtId = value(form, 'courtId'); }
  return application;
}

/** Fills the fields from an application the server holds (the filer's correction starts from what they sent). */
export function fillApplication(form, application) {
  const set = (name, text) => { const target = form.elements.namedItem(name); if (target && text !== null && text !== undefined) { target.value = String(text); } };
  set('kind', application.kind);
  set('amountClaimed', application.amountClaimed);
  set('basisDocument', application.basisDocument);
  set('courtId', application.courtId);
  for (const group of ['applicants', 'debtors']) {
    const parties = application[group] ?? [];
    while (form.querySelectorAll(`fieldset[data-group="${group}"]`).length < parties.length) { form.querySelector(`#add-${group}`).click(); }
    parties.forEach((party, index) => {
      const path = `${group}[${index}]`;
      set(`${path}.name`, party.name); set(`${path}.idNumber`, party.idNumber); set(`${path}.mobile`, party.mobile);
      set(`${path}.address.text`, party.address?.text); set(`${path}.address.latitude`, party.address?.latitude); set(`${path}.address.longitude`, party.address?.longitude);
      if (party.lawyer) {
        set(`${path}.lawyer.name`, party.lawyer.name); set(`${path}.lawyer.idNumber`, party.lawyer.idNumber); set(`${path}.lawyer.mobile`, party.lawyer.mobile); set(`${path}.lawyer.firm`, party.lawyer.firm);
        form.querySelector(`fieldset[data-group="${group}"][data-index="${index}"] details`).open = true;
      }
    });
  }
}

