/**
 * The live protocol (Socket.IO on the site's own origin) as an AsyncAPI 3.0 document, beside
 * the OpenAPI one. Socket.IO events are described as messages on channels; acknowledgements
 * are the replies of the subscribe operations.
 */
export function asyncApiDocument() {
  const counts = {
    type: 'object',
    required: ['centerId', 'version', 'at', 'openNow', 'capacity', 'now', 'zones'],
    properties: {
      centerId: { type: 'integer' },
      version: {
        type: 'string',
        description: 'The database clock of the snapshot; compare by length then text, and drop an older one',
      },
      at: { type: 'string', format: 'date-time' },
      openNow: { type: 'boolean' },
      openToday: { type: 'boolean' },
      capacity: { type: 'integer' },
      outOfService: { type: 'integer' },
      now: {
        type: 'object',
        properties: { free: { type: 'integer' }, booked: { type: 'integer' }, checkedIn: { type: 'integer' } },
      },
      freeRestOfDay: { type: 'integer' },
      zones: {
        type: 'array',
        items: {
          type: 'object',
          properties: { zoneId: { type: 'integer' }, free: { type: 'integer' }, total: { type: 'integer' } },
        },
      },
      hourly: {
        type: 'array',
        items: { type: 'object', properties: { hour: { type: 'integer' }, booked: { type: 'integer' } } },
      },
      zoneNames: { type: 'object', additionalProperties: { type: 'object' } },
    },
  };
  const ack = {
    type: 'object',
    required: ['ok'],
    properties: {
      ok: { type: 'boolean' },
      state: { description: 'The current state, sent first so a screen never waits for a change' },
      error: { type: 'string', enum: ['bad_request', 'not_found', 'forbidden'] },
    },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Smart Work Seoul live updates',
      version: '1.0.0',
      description:
        'Socket.IO 4 at the site’s origin (path /socket.io/). Anyone may read a center’s anonymous counts, from any origin, without credentials. Operators of a center (same-origin, signed in) may read its floor board. Updates leave after the database commits; the first change goes at once and further changes within 200 ms are merged into one more update. Every payload carries `version`: keep the newest. To have subscriptions restored on every reconnect (whichever server you reach), name the centers in the handshake: io(url, { auth: { centers: [1, 2] } }); or emit center:subscribe again on each connect.',
    },
    servers: { site: { host: 'localhost:3000', protocol: 'ws', pathname: '/socket.io/' } },
    defaultContentType: 'application/json',
    channels: {
      centerCounts: {
        address: 'public:center:{centerId}',
        parameters: { centerId: { description: 'A center id from GET /api/v1/centers' } },
        messages: {
          subscribe: {
            name: 'center:subscribe',
            summary: 'Emit with the center id and an acknowledgement callback; the reply is { ok, state }',
            payload: { type: 'integer' },
          },
          subscribeReply: { name: 'center:subscribe (ack)', payload: ack },
          unsubscribe: { name: 'center:unsubscribe', payload: { type: 'integer' } },
          counts: { name: 'center:counts', summary: 'Anonymous counts after a change', payload: counts },
        },
      },
      board: {
        address: 'operator:center:{centerId}',
        parameters: { centerId: { description: 'A center the signed-in operator runs' } },
        messages: {
          subscribe: { name: 'board:subscribe', payload: { type: 'integer' } },
          subscribeReply: { name: 'board:subscribe (ack)', payload: ack },
          update: {
            name: 'board:update',
            summary: 'Every desk and room with its state, who is in and who comes next, and alerts (operators only)',
            payload: { type: 'object', required: ['centerId', 'version', 'desks', 'alerts', 'counts'] },
          },
        },
      },
      notifications: {
        address: 'user:{userId}',
        parameters: { userId: { description: 'Joined automatically by a signed-in, same-origin socket' } },
        messages: {
          notification: {
            name: 'notification',
            summary: 'Something new for you: reload your notices or bookings',
            payload: { type: 'object' },
          },
        },
      },
    },
    operations: {
      subscribeCounts: {
        action: 'send',
        channel: { $ref: '#/channels/centerCounts' },
        messages: [{ $ref: '#/channels/centerCounts/messages/subscribe' }],
        reply: { messages: [{ $ref: '#/channels/centerCounts/messages/subscribeReply' }] },
      },
      receiveCounts: {
        action: 'receive',
        channel: { $ref: '#/channels/centerCounts' },
        messages: [{ $ref: '#/channels/centerCounts/messages/counts' }],
      },
      subscribeBoard: {
        action: 'send',
        channel: { $ref: '#/channels/board' },
        messages: [{ $ref: '#/channels/board/messages/subscribe' }],
        reply: { messages: [{ $ref: '#/channels/board/messages/subscribeReply' }] },
      },
      receiveBoard: {
        action: 'receive',
        channel: { $ref: '#/channels/board' },
        messages: [{ $ref: '#/channels/board/messages/update' }],
      },
      receiveNotifications: {
        action: 'receive',
        channel: { $ref: '#/channels/notifications' },
        messages: [{ $ref: '#/channels/notifications/messages/notification' }],
      },
    },
  };
}
