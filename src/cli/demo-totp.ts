// Prints the current two-step verification code of the demo operator and administrator.
import { totpCode } from '../auth/mfa.js';
import { DEMO_TOTP_SECRET } from '../demo/data.js';

const now = new Date();
const left = 30 - (Math.floor(now.getTime() / 1000) % 30);
process.stdout.write(`${totpCode(DEMO_TOTP_SECRET, now)}  (valid for ${left} more seconds; demo operator and admin)\n`);
