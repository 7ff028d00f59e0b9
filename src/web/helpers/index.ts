import { asset } from './asset.js';
import { concat } from './concat.js';
import { eq } from './eq.js';
import { hhmm } from './hhmm.js';
import { includes } from './includes.js';
import { longDate } from './long-date.js';
import { memo } from './memo.js';
import { slotStrip } from './slot-strip.js';
import { t } from './t.js';

/** Every Handlebars helper, registered in one place (one helper per file, named as the helper). */
export const helpers = { t, eq, hhmm, longDate, asset, concat, includes, slotStrip, memo };
