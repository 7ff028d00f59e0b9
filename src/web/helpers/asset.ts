import { assetUrl } from '../assets.js';

/** {{asset "/static/css/app.css"}} → the URL with its content hash, cached by browsers for a year. */
export function asset(url: unknown): string {
  return typeof url === 'string' ? assetUrl(url) : '';
}
