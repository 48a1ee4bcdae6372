/**
 * Shown instead of the app while the signed-in person's password was set by someone else (the generated
 * first-admin password, a user created without one, an admin's reset): the server answers every data route
 * with 403 PASSWORD_CHANGE_REQUIRED until POST /api/auth/password. The policy is the server's alone: the form
 * only checks that the two new passwords agree and differ from the current one, and words the server's
 * WEAK_PASSWORD problem codes in the page's language.
 */
import { useState, type FormEvent } from 'react';
import type { MessageKey } from '../../i18n/index.ts';
import type { Me } from '../../net/api.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { passwordChangeMessages, passwordPolicyHint } from './auth-model.ts';

export interface ChangePasswordScreenProps {
  me: Me;
  onChanged(): void;
  onSignOut(): void;
}

type Failure = { keys: MessageKey[] } | { err: unknown };

export function ChangePasswordScreen({ me, onChanged, onSignOut }: ChangePasswordScreenProps) {
  const { api } = useServices();
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const username = me.user?.username ?? '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pending) return;
    const keys: MessageKey[] = [];
    if (next !== again) keys.unshift('password.error.mismatch');
    if (next && next === current) keys.unshift('password.error.same');
    if (keys.length) return setFailure({ keys });
    setPending(true);
    setFailure(null);
    try {
      await api.changePassword(current, next);
      onChanged();
    } catch (err) {
      setFailure({ err });
    } finally {
      setPending(false);
    }
  };

  const messages = failure === null ? [] : 'keys' in failure ? failure.keys.map((k) => t(k)) : passwordChangeMessages(failure.err, t);
  const field = (label: string, value: string, set: (v: string) => void, name: string, auto: string) => (
    <label>
      {label}
      <input type="password" name={name} autoComplete={auto} value={value} onChange={(e) => set(e.target.value)} data-testid={`password-${name}`} />
    </label>
  );
  return (
    <div className="login" data-testid="change-password" role="dialog" aria-labelledby="password-title">
      <form className="panel login-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <span>{username}</span>
        </div>
        <h2 id="password-title">{t('password.title')}</h2>
        <p className="login-notice" role="status">
          {t('password.required')}
        </p>
        {field(t('password.current'), current, setCurrent, 'current', 'current-password')}
        {field(t('password.new'), next, setNext, 'new', 'new-password')}
        {field(t('password.confirm'), again, setAgain, 'confirm', 'new-password')}
        <p className="login-hint">{passwordPolicyHint(t)}</p>
        {messages.length > 0 && (
          <ul className="login-error" role="alert" data-testid="password-error">
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
        <button type="submit" className="login-submit" disabled={pending} data-testid="password-submit">
          {pending ? t('password.submitting') : t('password.submit')}
        </button>
        <button type="button" className="login-lang" onClick={onSignOut} data-testid="password-signout">
          {t('auth.logout')}
        </button>
      </form>
    </div>
  );
}
