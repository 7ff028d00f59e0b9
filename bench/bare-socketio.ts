// The baseline for the live-update benchmark: a bare Socket.IO 4 server on Express 5 with the same
// shape of traffic as the app, and nothing else. Clients subscribe to one room with an ack that
// carries a version; POST /api/v1/bookings answers 201, then one emit goes to the room (the app
// also answers, then publishes). Its own process, so clients and server do not share an event loop.
import { createServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';

const app = express();
app.use(express.json({ limit: '16kb' }));
const httpServer = createServer(app);
const io = new Server(httpServer);
let version = 0;
const state = () => ({ centerId: 1, version: String(version), now: { booked: version } });
io.on('connection', (socket) => {
  socket.on('center:subscribe', (_centerId: unknown, ack: (reply: unknown) => void) => {
    void socket.join('center:1');
    ack({ ok: true, state: state() });
  });
});
app.post('/api/v1/bookings', (_req, res) => {
  version += 1;
  res.status(201).json({ id: version });
  setImmediate(() => io.to('center:1').emit('center:counts', state()));
});
httpServer.listen(0, '127.0.0.1', () => {
  const address = httpServer.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  io.close();
  httpServer.close(() => process.exit(0));
});
