import { Router } from 'express';
import { requireLogin } from '../middleware/require-login.js';
import { bookUsual, renderToday, type TodayDeps } from './today.js';

export function homeRouter(deps: TodayDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    // Signed in, the home is the Today page; otherwise the welcome.
    if (req.user) return renderToday(deps, req, res);
    res.render('home/index', { title: req.t('home.title') });
  });
  router.post('/today/usual', requireLogin, (req, res) => bookUsual(deps, req, res));
  router.get('/accessibility', (req, res) => {
    res.render('about/accessibility', { title: req.t('a11y.title') });
  });
  return router;
}
