// The steps a judge may record (README access table, case record-measure: every step but JudgeAssigned,
// ExtensionGranted and those the system records), and the fields each needs, as src/Grains/Cases/CaseStepKind.cs,
// CaseInput.Validate and CaseDecider say. This module is the pages' one description of them: the step form is built
// from it. The server stays the judge: whatever it refuses (400 per field, 409 with the reason) is shown at the form.
//
// A field: { name, type: 'text' | 'textarea' | 'amount' | 'date' | 'days' | 'check' | 'choice' | 'measure' | 'clue',
//            required, options (for choice), measures (for measure: which kinds of measure qualify) }.

const note = { name: 'note', type: 'textarea' };
const result = { name: 'result', type: 'textarea', required: true };
const target = { name: 'target', type: 'text', required: true };
const amount = { name: 'amount', type: 'amount', required: true };
const expiresOn = { name: 'expiresOn', type: 'date' };
const renewable = ['Frozen', 'Seized'];

/** Each kind the judge may record, in the order the work goes, with its fields. */
export const stepKinds = [
  { kind: 'NoticeSent', fields: [note] },
  { kind: 'PropertyReportRequested', fields: [note] },
  { kind: 'ClueReceived', fields: [{ name: 'note', type: 'textarea', required: true }, { name: 'urgent', type: 'check' }] },
  { kind: 'ClueVerified', fields: [{ name: 'clueId', type: 'clue', required: true }, result, note] },
  { kind: 'InvestigationRequested', fields: [note] },
  { kind: 'InvestigationStarted', fields: [note] },
  { kind: 'InvestigationFinished', fields: [result, note] },
  { kind: 'NetworkInquirySent', fields: [note] },
  { kind: 'NetworkInquiryResult', fields: [result, note] },
  { kind: 'Frozen', fields: [target, amount, expiresOn, note] },
  { kind: 'Seized', fields: [target, { name: 'seizure', type: 'choice', required: true, options: ['Movables', 'Property'] }, expiresOn, note] },
  { kind: 'Deducted', fields: [target, amount, note] },
  { kind: 'Renewed', fields: [{ name: 'measureId', type: 'measure', required: true, measures: renewable }, expiresOn, note] },
  { kind: 'Released', fields: [{ name: 'measureId', type: 'measure', required: true, measures: renewable }, note] },
  { kind: 'Valued', fields: [result, note] },
  { kind: 'Auctioned', fields: [result, note] },
  { kind: 'FundsReceived', fields: [amount, note] },
  { kind: 'FundsPaidOut', fields: [{ ...target, label: 'payee' }, amount, note] },
  { kind: 'CreditMeasureImposed', fields: [{ name: 'credit', type: 'choice', required: true, options: ['DishonestDebtorList', 'ConsumptionRestriction', 'ExitRestriction', 'PublicExposure'] }, { name: 'target', type: 'text' }, note] },
  { kind: 'CreditMeasureLifted', fields: [{ name: 'measureId', type: 'measure', required: true, measures: ['CreditMeasureImposed'] }, note] },
  { kind: 'CoerciveMeasureTaken', fields: [{ name: 'coercive', type: 'choice', required: true, options: ['Summons', 'Fine', 'Detention', 'CriminalReferral'] }, { name: 'target', type: 'text' }, note] },
  { kind: 'ExtensionRequested', fields: [{ name: 'days', type: 'days', required: true }, note] },
  { kind: 'OpinionRequested', fields: [{ name: 'note', type: 'textarea', required: true }] },
  { kind: 'Terminated', fields: [note] },
  { kind: 'Closed', fields: [note] },
];

/** The step's JSON body from the form's values: empty fields are left out, amounts and days are numbers. */
export function stepBody(kind, data) {
  const body = { kind };
  for (const field of stepKinds.find((entry) => entry.kind === kind)?.fields ?? []) {
    if (field.type === 'check') { if (data.get(field.name) === 'on') { body[field.name] = true; } continue; }
    const value = String(data.get(field.name) ?? '').trim();
    if (!value) { continue; }
    body[field.name] = field.type === 'amount' || field.type === 'days' ? Number(value) : value;
  }
  return body;
}
