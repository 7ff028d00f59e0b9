import { Router } from 'express';

export function homeRouter(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.render('home/index', { title: req.t('home.title') });
  });
  router.get('/accessibility', (req, res) => {
    res.render('about/accessibility', { title: req.t('a11y.title') });
  });
  return router;
}
