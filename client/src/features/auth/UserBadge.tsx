/** The top bar's "who": the signed-in person (or wall token), role, jurisdiction, and sign-out. */
import { useI18n } from '../../app/use-i18n.ts';
import { jurisdictionLabel, roleLabel, whoLabel } from './auth-model.ts';
import { useSession } from './session.ts';

export function UserBadge() {
  const { me, signOut } = useSession();
  const { t, lang } = useI18n();
  return (
    <div className="user-badge" data-testid="user-badge" data-role={me.role} data-jurisdiction={me.jurisdiction.code}>
      <span className="user-name" data-testid="user-name">
        {whoLabel(me, t)}
      </span>
      <span className="user-role" data-testid="user-role">
        {roleLabel(me, lang)}
      </span>
      <span className="user-jurisdiction" data-testid="user-jurisdiction">
        {jurisdictionLabel(me)}
      </span>
      {me.user && (
        <button type="button" onClick={() => void signOut()} data-testid="logout">
          {t('auth.logout')}
        </button>
      )}
    </div>
  );
}
