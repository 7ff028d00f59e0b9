import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, isLocale, translate } from '../../i18n/index.js';

/** {{t "nav.signedInAs" name=user.displayName}}: the message in the page's language, placeholders from the hash. */
export function t(key: string, options: HelperOptions): string {
  const locale = options.data?.root?.locale;
  return translate(isLocale(locale) ? locale : DEFAULT_LOCALE, key, options.hash);
}
