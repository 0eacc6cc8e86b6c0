import { z } from 'zod';
import { CategoryId, ProductId } from './ids';
import { Money } from './money';

const Name = z.string().trim().min(1).max(120);
const Description = z.string().trim().max(2000);

export const Product = z.strictObject({
  id: ProductId,
  name: Name,
  description: Description,
  category: CategoryId,
  price: Money,
  version: z.number().int().min(1),
  updatedAt: z.iso.datetime(),
});
export type Product = z.infer<typeof Product>;

/** Body of `POST /products`: the id is the caller's (a SKU-like slug). */
export const CreateProductBody = z.strictObject({
  id: ProductId,
  name: Name,
  description: Description.default(''),
  category: CategoryId,
  price: Money,
});
export type CreateProductBody = z.infer<typeof CreateProductBody>;

/** Body of `PUT /products/:id`: a full replacement of the writable fields. */
export const UpdateProductBody = CreateProductBody.omit({ id: true });
export type UpdateProductBody = z.infer<typeof UpdateProductBody>;

export const ProductPage = z.strictObject({
  items: z.array(Product),
  nextCursor: z.string().nullable(),
});
export type ProductPage = z.infer<typeof ProductPage>;

export const ProductBatch = z.strictObject({
  items: z.array(Product),
  missing: z.array(ProductId),
});
export type ProductBatch = z.infer<typeof ProductBatch>;

export const MAX_PAGE_SIZE = 100;
export const MAX_BATCH_SIZE = 100;

const Limit = z
  .string()
  .regex(/^\d{1,3}$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE));

const IdList = z
  .string()
  .transform((raw) => raw.split(','))
  .pipe(
    z
      .array(ProductId)
      .min(1)
      .max(MAX_BATCH_SIZE)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id'),
  );

/** `GET /products` lists a page, or (with `ids`) looks up a batch; the two do not mix. */
export const ProductListQuery = z.union([
  z.strictObject({ ids: IdList }),
  z.strictObject({
    limit: Limit.default(20),
    cursor: z.string().min(1).max(200).optional(),
    category: CategoryId.optional(),
    q: z.string().trim().min(1).max(100).optional(),
  }),
]);
export type ProductListQuery = z.infer<typeof ProductListQuery>;

export const Category = z.strictObject({
  id: CategoryId,
  name: z.string(),
  productCount: z.number().int().min(0),
});
export type Category = z.infer<typeof Category>;

export const CategoryList = z.strictObject({ items: z.array(Category) });
export type CategoryList = z.infer<typeof CategoryList>;
