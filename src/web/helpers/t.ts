import type { HelperOptions } from 'handlebars';
import { DEFAULT_LOCALE, isLocale, translate } from '../../i18n/index.js';

/** {{t "key" name=value}}: the message in the page's language. */
export function t(key: string, options: HelperOptions): string {
  const locale = options.data?.root?.locale;
  return translate(isLocale(locale) ? locale : DEFAULT_LOCALE, key, options.hash);
}
