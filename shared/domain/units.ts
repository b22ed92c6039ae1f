import { z } from 'zod';

/**
 * A Neighbourhood Management Unit: one One Stop Shop and one Community Forum.
 * Units are data (assets/config/units.json), never code.
 */
export interface Unit {
  readonly id: string;
  /** Three capital letters used in references, e.g. RUG in RUG-K2-000417. */
  readonly code: string;
  readonly name: string;
  readonly shopName: string;
  readonly forum: Forum;
  readonly areas: readonly string[];
}

export interface Forum {
  readonly id: string;
  readonly name: string;
}

export const unitIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

export const unitCodeSchema = z.string().regex(/^[A-Z]{3}$/);

/** A device code names one kiosk or desk PC within its unit: a letter and up to 3 digits (K2, D1). */
export const deviceCodeSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z][0-9]{1,3}$/));

/** The shape of the unit configuration file (the sample is assets/config/units.json). */
export const unitsConfigSchema = z
  .array(
    z.object({
      id: unitIdSchema,
      code: unitCodeSchema,
      name: z.string().min(1).max(80),
      shopName: z.string().min(1).max(80),
      forum: z.object({ id: unitIdSchema, name: z.string().min(1).max(120) }),
      areas: z.array(z.string().min(1).max(80)).max(50),
    }),
  )
  .min(1)
  .refine((units) => new Set(units.map((u) => u.id)).size === units.length, 'unit ids must be unique')
  .refine((units) => new Set(units.map((u) => u.code)).size === units.length, 'unit codes must be unique');

export type UnitsConfig = z.infer<typeof unitsConfigSchema>;
