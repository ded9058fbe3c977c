import { signIn, whoAmI } from '/ui/api.js';
import { language, loadTexts, setLanguage, t } from '/ui/texts.js';
import { homeOf, onSubmit } from '/ui/shell.js';

await loadTexts('common');
const form = document.getElementById('sign-in');
const switcher = document.getElementById('language');
switcher.textContent = language === 'en' ? '中文' : 'English';
switcher.addEventListener('click', () => setLanguage(language === 'en' ? 'zh-CN' : 'en'));

/** Back to the page that sent the caller here, if it is one of ours; else the role's own page. */
function next(role) {
  const back = new URLSearchParams(location.search).get('return');
  return back && back.startsWith('/') && !back.startsWith('//') ? back : (homeOf[role] ?? '/signin/');
}

const me = await whoAmI();
if (me && !new URLSearchParams(location.search).has('return')) { location.replace(next(me.role)); }

onSubmit(form, async (data) => {
  try {
    const who = await signIn('/auth/token', { userId: data.get('userId'), password: data.get('password') });
    location.assign(next(who.role));
  } catch (error) {
    if (error.status === 401) { throw new Error(t('common.signInFailed')); }
    if (error.status === 429) { throw new Error(t('common.tooMany')); }
    throw error;
  }
});
