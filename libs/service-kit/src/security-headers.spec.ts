import express from 'express';
import helmet from 'helmet';
import { securityHeaders } from './security-headers';
import { startApp } from './testing';

describe('securityHeaders', () => {
  it('is exactly what running helmet on a real response sets', async () => {
    const app = express();
    app.disable('x-powered-by');
    app.use(helmet());
    app.get('/', (_req, res) => {
      res.end();
    });
    const server = await startApp(app);
    try {
      const res = await fetch(server.url);
      await res.arrayBuffer();
      const computed = securityHeaders();
      expect(computed.length).toBeGreaterThan(5);
      for (const [name, value] of computed) expect(res.headers.get(name)).toBe(value);
    } finally {
      await server.close();
    }
  });
});
