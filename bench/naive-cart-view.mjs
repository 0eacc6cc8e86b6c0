/**
 * Row 7, the naive baseline of the priced cart view, written as most demos write it: Express 5,
 * axios with its defaults, the cart first and then one request per product, in parallel.
 * No cache, no batch call, no breaker; catalog instances are taken in turn.
 *
 * @example PORT=4200 CART_URL=http://127.0.0.1:3002 CATALOG_URLS=http://127.0.0.1:3011,http://127.0.0.1:3012 node bench/naive-cart-view.mjs
 */
import axios from 'axios';
import express from 'express';

const cartUrl = process.env.CART_URL;
const catalogUrls = (process.env.CATALOG_URLS ?? '').split(',').filter(Boolean);
let next = 0;
const catalogUrl = () => catalogUrls[next++ % catalogUrls.length];

const app = express();

app.get('/api/carts/:id', async (req, res) => {
  try {
    const { data: cart } = await axios.get(`${cartUrl}/carts/${encodeURIComponent(req.params.id)}`);
    const products = await Promise.all(
      cart.items.map((line) =>
        axios
          .get(`${catalogUrl()}/products/${encodeURIComponent(line.productId)}`)
          .then((r) => r.data),
      ),
    );
    const items = cart.items.map((line, i) => ({
      ...line,
      product: products[i],
      lineTotal: products[i].price.amount * line.quantity,
    }));
    const subtotal = items.reduce((sum, line) => sum + line.lineTotal, 0);
    res.json({ ...cart, items, subtotal });
  } catch (error) {
    res.status(error.response?.status ?? 502).json({ error: error.message });
  }
});

app.get('/readyz', (_req, res) => {
  res.json({ status: 'ok' });
});

const server = app.listen(Number(process.env.PORT ?? 4200), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
