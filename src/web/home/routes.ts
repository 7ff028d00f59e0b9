import { Router } from 'express';
import { requireLogin } from '../middleware/require-login.js';
import { bookUsual, renderToday, type TodayDeps } from './today.js';

export function homeRouter(deps: TodayDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    // Signed in, the home is the Today page; otherwise the welcome.
    if (req.user) return renderToday(deps, req, res);
    // No title of its own: the layout's title is then the app's name alone (not "스마트워크 서울 · 스마트워크 서울").
    res.render('home/index');
  });
  router.post('/today/usual', requireLogin, (req, res) => bookUsual(deps, req, res));
  router.get('/accessibility', (req, res) => {
    res.render('about/accessibility', { title: req.t('a11y.title') });
  });
  return router;
}
