import path from 'node:path';
import type { Express } from 'express';
import { create } from 'express-handlebars';
import { projectRoot } from '../files/project-root.js';
import { helpers } from './helpers/index.js';

export { projectRoot };

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
