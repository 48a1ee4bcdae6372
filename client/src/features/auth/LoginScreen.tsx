/**
 * The login screen: username + password → POST /api/auth/login. Clear messages for a wrong password (401),
 * a locked account (423, with the time left), too many attempts (429) and a server that is still starting.
 * As an overlay it covers the app after the session ended, which stays mounted underneath.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { MessageKey } from '../../i18n/index.ts';
import type { Me } from '../../net/api.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { loginErrorMessage } from './auth-model.ts';

export interface LoginScreenProps {
  notice: MessageKey | null;
  overlay?: boolean;
  onSignedIn(me: Me): void;
}

const MISSING = { name: 'ApiError', status: 400 };

export function LoginScreen({ notice, overlay = false, onSignedIn }: LoginScreenProps) {
  const { api, store } = useServices();
  const { t, lang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    if (!username.trim() || !password) return setFailure(MISSING);
    setPending(true);
    setFailure(null);
    try {
      const me = await api.login(username.trim(), password);
      setPassword('');
      onSignedIn(me);
    } catch (err) {
      setFailure(err);
      setPassword('');
      passwordInput.current?.focus();
    } finally {
      setPending(false);
    }
  };

  return (
    <div className={`login${overlay ? ' login-overlay' : ''}`} data-testid="login-screen" role="dialog" aria-modal={overlay} aria-labelledby="login-title">
      <form className="panel login-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <span>{t('app.subtitle')}</span>
        </div>
        <h2 id="login-title">{t('auth.title')}</h2>
        {notice && (
          <p className="login-notice" role="status" data-testid="login-notice">
            {t(notice)}
          </p>
        )}
        <label>
          {t('auth.username')}
          <input name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} data-testid="login-username" />
        </label>
        <label>
          {t('auth.password')}
          <input
            ref={passwordInput}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {failure !== null && (
          <p className="login-error" role="alert" data-testid="login-error">
            {loginErrorMessage(failure, t)}
          </p>
        )}
        <button type="submit" className="login-submit" disabled={pending} data-testid="login-submit">
          {pending ? t('auth.submitting') : t('auth.submit')}
        </button>
        <p className="login-hint">{t('auth.subtitle')}</p>
        <button type="button" className="login-lang" onClick={() => store.dispatch({ type: 'setLang', lang: lang === 'zh' ? 'en' : 'zh' })} data-testid="login-lang">
          {t('lang.switch')}
        </button>
      </form>
    </div>
  );
}
