// The baseline for the booking benchmark: a bare Express 5 app that parses the same JSON body
// (express.json, 16 kB limit, as the API does) and answers 201 with a small JSON body. Run as its
// own process so the load generator and the server do not share one event loop.
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '16kb' }));
let id = 0;
app.post('/api/v1/bookings', (req, res) => {
  const body = req.body as { deskId?: number; start?: string; end?: string };
  res.status(201).json({ id: ++id, deskId: body.deskId, start: body.start, end: body.end, status: 'booked' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
