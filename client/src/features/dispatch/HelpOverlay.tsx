/** The keyboard help (opened with ? or the panel's ? button, closed with Esc): the shortcut table, translated. */
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { useStore } from '../../state/store.ts';
import { SHORTCUTS } from './shortcuts.ts';

export function HelpOverlay() {
  const { store } = useServices();
  const { t } = useI18n();
  const open = useStore(store, (s) => s.dispatch.help);
  if (!open) return null;
  return (
    <div className="panel dispatch-help" role="dialog" aria-label={t('dispatch.help.title')} data-testid="dispatch-help">
      <header>
        <h3>{t('dispatch.help.title')}</h3>
        <button type="button" onClick={() => store.dispatch({ type: 'dispatchHelp', open: false })} aria-label={t('card.close')}>
          ×
        </button>
      </header>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.command}>
              <th>
                <kbd>{s.label}</kbd>
              </th>
              <td>{t(`dispatch.key.${s.command}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
