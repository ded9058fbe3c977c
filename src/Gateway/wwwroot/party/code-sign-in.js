// Sign-in by a code sent by SMS, shared by the party's page and online filing: the first submit asks for the code,
// the second signs in with it. The server's refusals are said in the page's language with the server's reason.
import { ApiError } from '/ui/api.js';
import { language, setLanguage, t } from '/ui/texts.js';
import { clearErrors, onSubmit, showErrors } from '/ui/shell.js';

function refusal(error) {
  if (error instanceof ApiError && error.status === 401) { return new Error(t('party.notRecognised') + error.message); }
  if (error instanceof ApiError && error.status === 429) { return new Error(t('party.locked') + error.message); }
  return error;
}

/**
 * Shows the page's #sign-in form and answers it. `requestCode(data)` asks the server to send a code and
 * `signInWithCode(data)` signs in with it; the form's fields are read from `data` (FormData). Answers the form, so
 * the page can fill fields it already knows.
 */
export function showCodeSignIn({ requestCode, signInWithCode }) {
  const form = document.getElementById('sign-in');
  form.hidden = false;
  const switcher = document.getElementById('sign-in-language');
  switcher.textContent = language === 'en' ? '中文' : 'English';
  switcher.addEventListener('click', () => setLanguage(language === 'en' ? 'zh-CN' : 'en'));
  const sendCode = document.getElementById('send-code');
  const enter = document.getElementById('enter');
  const codeField = document.getElementById('code-field');
  const sent = document.getElementById('code-sent');

  const askForCode = async (data) => {
    try { await requestCode(data); } catch (error) { throw refusal(error); }
    sent.textContent = t('party.codeSent', { mobile: data.get('mobile').trim() });
    sent.hidden = false;
    codeField.hidden = false;
    enter.hidden = false;
    sendCode.textContent = t('party.resendCode');
    sendCode.type = 'button';
    sendCode.classList.add('secondary');
    form.elements.code.focus();
  };

  sendCode.addEventListener('click', async () => {
    if (sendCode.type !== 'button') { return; } // the first click submits the form
    clearErrors(form);
    sendCode.disabled = true;
    try { await askForCode(new FormData(form)); } catch (error) { showErrors(form, error); } finally { sendCode.disabled = false; }
  });

  onSubmit(form, async (data) => {
    if (codeField.hidden) { await askForCode(data); return; }
    try { await signInWithCode(data); } catch (error) { throw refusal(error); }
  });
  return form;
}
