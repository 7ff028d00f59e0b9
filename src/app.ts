import { randomUUID } from 'node:crypto';
import path from 'node:path';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { apiRouter } from './api/router.js';
import { createPassport } from './auth/passport.js';
import { DatabaseSessionStore } from './auth/session-store.js';
import type { CenterDayCache } from './centers/service.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import type { Logger } from './logger.js';
import { type AppMetrics, createMetrics } from './metrics/registry.js';
import { unreadCount } from './notifications/repository.js';
import { LiveSnapshots } from './occupancy/snapshots.js';
import type { ChangeBus } from './realtime/bus.js';
import { CenterCache } from './realtime/center-cache.js';
import type { Clock } from './time/seoul.js';
import { absencesRouter } from './web/absences/routes.js';
import { adminRouter } from './web/admin/routes.js';
import { simpleWebAuthnBrowser, staticCacheHeaders } from './web/assets.js';
import { oidcRouter } from './web/auth/oidc.js';
import { authRouter, throttlePolicy } from './web/auth/routes.js';
import { sessionGuard } from './web/auth/session-guard.js';
import { bookingsRouter } from './web/bookings/routes.js';
import { calendarRouter } from './web/calendar/routes.js';
import { centersRouter } from './web/centers/routes.js';
import { checkInRouter } from './web/checkin/routes.js';
import { networkClosuresRouter } from './web/closures/routes.js';
import { csrf } from './web/csrf.js';
import { developersRouter } from './web/developers/routes.js';
import { displayRouter } from './web/display/routes.js';
import { floorPlansRouter, PLAN_IMAGE_PATH, planUpload } from './web/floorplans/routes.js';
import { healthRouter } from './web/health/routes.js';
import { homeRouter } from './web/home/routes.js';
import { mailRouter, unsubscribeRouter } from './web/mail/routes.js';
import { metricsRouter, requestMetrics } from './web/metrics/routes.js';
import { requestDeadline } from './web/middleware/deadline.js';
import { errorHandler, notFoundHandler } from './web/middleware/errors.js';
import { flashMiddleware } from './web/middleware/flash.js';
import { rejectForbiddenInput } from './web/middleware/input-guard.js';
import { localeMiddleware } from './web/middleware/locale.js';
import { needsRouter } from './web/needs/routes.js';
import { auditRouter } from './web/network/audit.js';
import { networkRouter } from './web/network/routes.js';
import { notificationsRouter } from './web/notifications/routes.js';
import { operatorRouter } from './web/operator/routes.js';
import { partnersRouter } from './web/partners/routes.js';
import { organisationsRouter } from './web/people/organisations.js';
import { peopleRouter } from './web/people/routes.js';
import { preferencesMiddleware, preferencesRouter } from './web/preferences/routes.js';
import { profileRouter } from './web/profile/routes.js';
import { securityRouter } from './web/profile/security.js';
import { programmesRouter } from './web/programmes/routes.js';
import { offlineRouter, personCacheKeyHeader, serviceWorkerRouter } from './web/pwa/routes.js';
import { reportsRouter } from './web/reports/routes.js';
import { teamCalendarRouter } from './web/schedules/calendar.js';
import { schedulesRouter } from './web/schedules/routes.js';
import { searchRouter } from './web/search/routes.js';
import { simpleRouter } from './web/simple/routes.js';
import { configureViews, projectRoot } from './web/views.js';
import { waitlistRouter } from './web/waitlist/routes.js';
import { webhooksRouter } from './web/webhooks/routes.js';
import { outboxDepth } from './webhooks/repository.js';

export interface AppDeps {
  database: DatabaseHandle;
  clock: Clock;
  /** The clock of session timeouts; the wall clock unless a test moves it. */
  sessionClock?: Clock;
  config: Config;
  logger: Logger;
  events: ChangeBus;
}

export interface App {
  app: Express;
  sessionStore: DatabaseSessionStore;
  /** Shared with Socket.IO, so sockets are authenticated by the same session cookie. */
  sessionMiddleware: RequestHandler;
  passportSession: RequestHandler;
  /** Its Prometheus metrics; the server adds what only it knows (sockets, the job's lag). */
  metrics: AppMetrics;
  /** Live center snapshots, shared with the Socket.IO server. */
  snapshots: LiveSnapshots;
}

/** Builds the Express app from its dependencies; starts nothing and listens nowhere. */
export function createApp(deps: AppDeps): App {
  const { database, clock, config, logger, events } = deps;
  const sessionClock = deps.sessionClock ?? { now: () => new Date() };
  const db = database.db;
  const production = config.env === 'production';
  const app = express();
  app.set('trust proxy', config.trustProxy.length > 0 ? config.trustProxy : false);
  app.disable('x-powered-by');
  configureViews(app, config.viewCache);
  // First of all, off the main path: no logging, body, session or locale, and a bounded database ping.
  app.use(healthRouter(database));
  // Prometheus metrics, only when a token is configured; every request below is timed.
  const metrics = createMetrics();
  metrics.sources.outbox = () => outboxDepth(db, clock.now());
  metrics.sources.dbStatements = () => database.statements?.() ?? 0;
  metrics.sources.dbPoolMax = () => database.poolMax;
  if (config.metricsToken) app.use(metricsRouter(metrics, config.metricsToken));
  app.use(requestMetrics(metrics));
  // No request may hold the server: past the deadline it gets 503 and is let go.
  app.use(requestDeadline(config.requestTimeoutMs));
  // gzip or brotli (quality 4) for HTML, CSS, JS, JSON and CSV over 1 kB, by Accept-Encoding.
  // In the app rather than only at the proxy, so a deployment without nginx gets it too (docs/deploy.md).
  app.use(compression());

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/static/') === true },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          ...(production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: production,
    }),
  );
  // Fingerprinted URLs (views link them with {{asset}}) are cached for a year; see src/web/assets.ts.
  app.use('/static', staticCacheHeaders(), express.static(path.join(projectRoot, 'public'), { cacheControl: false }));
  // The WebAuthn browser helper, served from its npm package (no CDN): see public/js/passkey.js.
  app.get('/static/vendor/simplewebauthn-browser.js', (_req, res) =>
    res.sendFile(simpleWebAuthnBrowser, { cacheControl: false }),
  );
  // The installable app's service worker, same origin, scope / (see public/sw.js).
  app.use(serviceWorkerRouter());
  app.use('/api/v1', apiRouter({ db, clock, config, events }));

  // A pasted staff list is bigger than any other form: its own limit, on its own path (body-parser parses once).
  app.use('/admin/people/import', express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 10 }));
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }));
  app.use(rejectForbiddenInput);
  const sessionStore = new DatabaseSessionStore(db);
  const sessionMiddleware = session({
    name: 'sws.sid',
    secret: config.sessionSecret,
    store: sessionStore,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: production, maxAge: 12 * 60 * 60 * 1000 },
  });
  app.use(sessionMiddleware);
  const passport = createPassport(db, clock, throttlePolicy(config));
  const passportSession = passport.session();
  app.use(passport.initialize());
  app.use(passportSession);
  app.use(localeMiddleware(production));
  app.use(sessionGuard(sessionClock));
  // Unsubscribe links carry their own signed token and work without a session, so before CSRF.
  app.use(unsubscribeRouter({ db, clock, config }));

  // The floor-plan picture is the one multipart form: parsed (with limits) before the CSRF check reads its token.
  app.use(PLAN_IMAGE_PATH, planUpload());
  app.use(csrf.csrfSynchronisedProtection);
  app.use((req, res, next) => {
    res.locals.user = req.user;
    // The person's name in the page's language (an English page shows the English name).
    res.locals.userName = req.user && (req.locale === 'en' ? req.user.displayNameEn : req.user.displayName);
    // Anonymous visitors get a token (and so a session) only on pages with a form: see the login page.
    if (req.user) res.locals.csrfToken = csrf.generateToken(req);
    res.locals.canOperate = req.user?.role === 'operator' || req.user?.role === 'admin';
    res.locals.path = req.path;
    res.locals.otherLocale = req.locale === 'ko' ? 'en' : 'ko';
    next();
  });
  app.use(flashMiddleware);
  app.use(personCacheKeyHeader(config));
  app.use(preferencesMiddleware(db));
  // The unread count in the header, for signed-in people on HTML pages.
  app.use(async (req, res, next) => {
    if (req.user && req.method === 'GET') res.locals.unreadCount = await unreadCount(db, req.user.id);
    next();
  });

  const snapshots = new LiveSnapshots(db, clock, events);
  // A busy morning is many people looking at the same few centers' days.
  const centerDays: CenterDayCache = new CenterCache(events, 5000);
  const featureDeps = { db, clock, config, events, needsKey: config.needsKey, snapshots, centerDays };
  app.use(mailRouter({ db, config }));
  app.use(homeRouter(featureDeps));
  app.use(authRouter({ db, clock, sessionClock, config, passport }));
  app.use(oidcRouter({ db, clock, sessionClock, config }));
  app.use(securityRouter({ db, clock, sessionClock, config }));
  app.use(adminRouter({ db, clock, sessionClock }));
  app.use(centersRouter(featureDeps));
  app.use(bookingsRouter(featureDeps));
  app.use(searchRouter(featureDeps));
  app.use(profileRouter(featureDeps));
  app.use(developersRouter(featureDeps));
  app.use(operatorRouter(featureDeps));
  app.use(displayRouter(featureDeps));
  app.use(checkInRouter(featureDeps));
  app.use(offlineRouter());
  app.use(calendarRouter(featureDeps));
  app.use(notificationsRouter(featureDeps));
  app.use(absencesRouter(featureDeps));
  app.use(waitlistRouter(featureDeps));
  app.use(preferencesRouter(featureDeps));
  app.use(simpleRouter(featureDeps));
  app.use(needsRouter(featureDeps));
  app.use(schedulesRouter(featureDeps));
  app.use(teamCalendarRouter(featureDeps));
  app.use(webhooksRouter(featureDeps));
  app.use(networkClosuresRouter(featureDeps));
  app.use(networkRouter(featureDeps));
  app.use(floorPlansRouter(featureDeps));
  app.use(auditRouter(featureDeps));
  app.use(reportsRouter(featureDeps));
  app.use(peopleRouter(featureDeps));
  app.use(organisationsRouter(featureDeps));
  app.use(partnersRouter(featureDeps));
  app.use(programmesRouter(featureDeps));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return { app, sessionStore, sessionMiddleware, passportSession, metrics, snapshots };
}
