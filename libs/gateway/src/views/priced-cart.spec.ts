import type { Cart, Product, UpstreamReport } from '@cartwheel/contracts';
import { PricedCart } from '@cartwheel/contracts';
import { priceCart } from './priced-cart';

const cart: Cart = {
  id: '3c7d26bd-2f82-4f4e-95d2-994679f39c66',
  version: 3,
  items: [
    { productId: 'mug', quantity: 2 },
    { productId: 'kettle', quantity: 1 },
  ],
  createdAt: '2026-11-26T06:00:00.000Z',
  updatedAt: '2026-11-26T06:01:00.000Z',
};
const product = (id: string, amount: number, currency = 'USD'): Product => ({
  id,
  name: id.toUpperCase(),
  description: '',
  category: 'kitchen',
  price: { amount, currency },
  version: 1,
  updatedAt: '2026-11-26T06:00:00.000Z',
});
const ok = (service: 'cart' | 'catalog'): UpstreamReport => ({
  branch: service,
  service,
  status: 'ok',
});

describe('priceCart', () => {
  it('prices every line, sums the subtotal and counts items', () => {
    const products = new Map([
      ['mug', product('mug', 1250)],
      ['kettle', product('kettle', 4999)],
    ]);
    const view = priceCart(cart, { products, report: ok('catalog') }, ok('cart'));
    expect(PricedCart.parse(view)).toEqual(view);
    expect(view.items[0]).toMatchObject({
      unitPrice: { amount: 1250 },
      lineTotal: { amount: 2500 },
    });
    expect(view.subtotal).toEqual({ amount: 7499, currency: 'USD' });
    expect(view.itemCount).toBe(3);
    expect(view.degraded).toBe(false);
  });

  it('returns the lines without product data and flags the view when catalog failed', () => {
    const report: UpstreamReport = { branch: 'catalog', service: 'catalog', status: 'timeout' };
    const view = priceCart(cart, { products: new Map(), report }, ok('cart'));
    expect(view.items.map((i) => [i.productId, i.quantity, i.product])).toEqual([
      ['mug', 2, null],
      ['kettle', 1, null],
    ]);
    expect(view.subtotal).toBeNull();
    expect(view.degraded).toBe(true);
    expect(view.upstreams).toContainEqual(report);
  });

  it('prices from stale entries but flags the view as degraded', () => {
    const products = new Map([
      ['mug', product('mug', 1250)],
      ['kettle', product('kettle', 4999)],
    ]);
    const report: UpstreamReport = { branch: 'catalog', service: 'catalog', status: 'stale' };
    const view = priceCart(cart, { products, report }, ok('cart'));
    expect(view.subtotal).toEqual({ amount: 7499, currency: 'USD' });
    expect(view.degraded).toBe(true);
  });

  it('has no subtotal for mixed currencies or a product the catalog no longer has', () => {
    const mixed = new Map([
      ['mug', product('mug', 1250)],
      ['kettle', product('kettle', 4999, 'EUR')],
    ]);
    expect(
      priceCart(cart, { products: mixed, report: ok('catalog') }, ok('cart')).subtotal,
    ).toBeNull();
    const gone = new Map([['mug', product('mug', 1250)]]);
    const view = priceCart(cart, { products: gone, report: ok('catalog') }, ok('cart'));
    expect(view.subtotal).toBeNull();
    expect(view.degraded).toBe(false);
  });

  it('gives an empty cart a zero subtotal', () => {
    const empty = { ...cart, items: [] };
    const view = priceCart(empty, { products: new Map(), report: ok('catalog') }, ok('cart'));
    expect(view.subtotal).toEqual({ amount: 0, currency: 'USD' });
    expect(view.itemCount).toBe(0);
  });
});
