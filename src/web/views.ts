import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { create } from 'express-handlebars';
import { helpers } from './helpers/index.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function configureViews(app: Express, cache: boolean): void {
  const viewsDir = path.join(projectRoot, 'views');
  const engine = create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(viewsDir, 'layouts'),
    partialsDir: path.join(viewsDir, 'partials'),
    helpers,
  });
  app.engine('hbs', engine.engine);
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
  if (cache) app.enable('view cache');
}
