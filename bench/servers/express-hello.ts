/**
 * Reference server for the HTTP benchmarks: a bare Express 5 "hello" route, measured in the same
 * run as rolegate so results are ratios, not machine-dependent absolutes.
 */
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.all('/{*rest}', (_req, res) => {
  res.type('text/plain').send('hello');
});
const server = app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
