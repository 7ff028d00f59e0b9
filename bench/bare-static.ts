// The baseline for the day-view benchmark: a bare Express 5 app that answers GET /page with a fixed
// HTML string of the size given (the day view's size), through the same compression middleware as
// the app. Its own process, like bench/bare-express.ts.
import compression from 'compression';
import express from 'express';

const size = Number(process.argv[2] ?? 90_000);
// Text that compresses about as well as a page (repeated markup with varying numbers), not a run of one byte.
let html = '<!doctype html><html lang="ko"><body><table>';
for (let i = 0; html.length < size; i++) html += `<tr><td>A-${i}</td><td>09:00–18:00</td><td>예약됨 ${i * 7}</td></tr>`;
html = `${html.slice(0, size - 30)}</table></body></html>`;
const app = express();
app.disable('x-powered-by');
app.use(compression());
app.get('/page', (_req, res) => {
  res.type('html').send(html);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
