import { LOCALE_NAMES, LOCALES, useI18n, type Locale } from '../i18n/i18n';

export function LanguageSwitcher() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="language">
      <span>{t('shell.language')}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>{LOCALE_NAMES[code]}</option>
        ))}
      </select>
    </label>
  );
}
