import type { AppInstance } from '../../app-types.js';
import { AppError } from '../../shared/errors.js';
import { IdParams } from '../../shared/id.schemas.js';
import { CalendarFeedCreated, CalendarFeedList, CalendarFeedOut, FeedFileParams } from './calendar-feed.schemas.js';
import * as svc from './calendar-feed.service.js';

export async function calendarFeedRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['calendar-feeds'];

  app.post(
    '/api/calendar-feeds',
    {
      schema: {
        tags,
        summary: 'Make a calendar feed (iCalendar) of my events and tasks: answers its secret address once',
        response: { 201: CalendarFeedCreated },
      },
    },
    async (req, reply) => {
      const feed = await svc.createFeed(db, req.actor(), req.ip);
      return reply.status(201).send({ ...feed, url: `${req.protocol}://${req.host}${feed.path}` });
    },
  );
  app.get(
    '/api/calendar-feeds',
    { schema: { tags, summary: 'My calendar feeds (never their tokens)', response: { 200: CalendarFeedList } } },
    async (req) => ({ items: await svc.listFeeds(db, req.actor()) }),
  );
  app.delete(
    '/api/calendar-feeds/:id',
    {
      schema: {
        tags,
        summary: 'Revoke one of my calendar feeds: its address answers 404 from now on',
        params: IdParams,
        response: { 200: CalendarFeedOut },
      },
    },
    async (req) => svc.revokeFeed(db, req.actor(), req.params.id, req.ip),
  );

  // Public, outside /api so calendar apps can subscribe: the token in the address is the credential.
  app.get(
    '/ical/:file',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The feed (text/calendar): the user’s events and tasks from 90 days back to 365 days ahead; 404 for any token not valid',
        params: FeedFileParams,
        security: [],
      },
    },
    async (req, reply) => {
      const m = /^(.*)\.ics$/.exec(req.params.file);
      if (!m) throw new AppError('NOT_FOUND', 'No such address');
      const body = await svc.renderFeed(db, m[1]!, (id) => app.auth.actorForUser(id, 'token'));
      // calendar apps poll: an unchanged feed is a 304 to the ETag they kept
      const etag = svc.feedEtag(body);
      void reply.header('cache-control', 'private, no-cache').header('etag', etag).header('x-robots-tag', 'noindex');
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.header('content-type', 'text/calendar; charset=utf-8').send(body);
    },
  );
}
