import { z } from 'zod';
import { BODIES } from './topics';
import { LANGUAGE_CODES } from '../i18n/languages';

/**
 * The directory's exchange format: Open Referral UK (HSDS 3.0) "full service" records, as the ORUK
 * API returns them from /services/{id}. Unknown fields are kept (`loose`), so nothing is silently
 * dropped on import and an export carries them back out.
 *
 * onestop extensions (prefixed `x_onestop_`, ignored by other ORUK tools):
 * - organization.x_onestop_body: which body it is (district, county, nhs, police, partner);
 * - service.x_onestop_bank_holidays: 'open' or 'closed' (default) on England and Wales bank holidays;
 * - service.x_onestop_translations: per language, translations of the fields a resident reads
 *   (name, description, eligibility, fees); English is the fallback for anything not translated.
 *
 * Conventions: a schedule with opens_at and closes_at is a recurring opening; a schedule with
 * valid_from/valid_to and no opening times is a closure for those dates. Times are Europe/London
 * wall-clock "HH:MM"; dates are ISO "YYYY-MM-DD". The topic taxonomy is `onestop-topics`.
 */

export const ORUK_TOPIC_TAXONOMY = 'onestop-topics';

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => text(max).nullish();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'format');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'format');
const phoneNumber = z.string().trim().min(3).max(40).regex(/^[0-9 +()-]+$/, 'format');
const email = z.string().trim().max(200).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'format');
const webUrl = z.string().trim().max(500).regex(/^https?:\/\/\S+$/, 'format');
const weekday = z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);

export const orukPhoneSchema = z
  .object({
    id,
    number: phoneNumber,
    extension: z.union([z.string(), z.number()]).nullish(),
    type: optionalText(40),
    description: optionalText(500),
  })
  .loose();

export const orukScheduleSchema = z
  .object({
    id,
    freq: z.enum(['WEEKLY', 'MONTHLY']).nullish(),
    interval: z.number().int().min(1).max(52).nullish(),
    /** Comma-separated days, e.g. "MO,TU,WE,TH,FR". */
    byday: z
      .string()
      .regex(/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/, 'format')
      .nullish(),
    opens_at: clockTime.nullish(),
    closes_at: clockTime.nullish(),
    valid_from: isoDate.nullish(),
    valid_to: isoDate.nullish(),
    timezone: z.string().max(60).nullish(),
    description: optionalText(500),
    notes: optionalText(500),
  })
  .loose()
  .refine((s) => (s.opens_at == null) === (s.closes_at == null), { message: 'format', path: ['closes_at'] })
  .refine((s) => s.opens_at != null || s.valid_from != null, { message: 'format', path: ['valid_from'] })
  .refine((s) => s.opens_at == null || s.byday != null, { message: 'format', path: ['byday'] });

export const orukAddressSchema = z
  .object({
    id,
    attention: optionalText(200),
    address_1: text(200),
    address_2: optionalText(200),
    city: text(100),
    region: optionalText(100),
    state_province: optionalText(100),
    postal_code: text(20),
    country: z.string().length(2).default('GB'),
    address_type: z.string().max(20).default('physical'),
  })
  .loose();

export const orukLocationSchema = z
  .object({
    id,
    location_type: z.string().max(20).default('physical'),
    name: text(200),
    description: optionalText(2000),
    transportation: optionalText(1000),
    latitude: z.number().min(-90).max(90).nullish(),
    longitude: z.number().min(-180).max(180).nullish(),
    addresses: z.array(orukAddressSchema).default([]),
    phones: z.array(orukPhoneSchema).default([]),
  })
  .loose();

export const orukServiceAtLocationSchema = z
  .object({
    id,
    location: orukLocationSchema,
    schedules: z.array(orukScheduleSchema).default([]),
  })
  .loose();

export const orukTaxonomyTermSchema = z
  .object({
    id,
    code: z.string().max(100).nullish(),
    name: text(200),
    description: optionalText(1000),
    parent_id: id.nullish(),
    taxonomy: z.string().max(100).nullish(),
  })
  .loose();

export const orukAttributeSchema = z
  .object({
    id,
    link_id: id.nullish(),
    link_type: z.string().max(50).nullish(),
    link_entity: z.string().max(50).nullish(),
    value: optionalText(500),
    taxonomy_term: orukTaxonomyTermSchema,
  })
  .loose();

export const orukOrganizationSchema = z
  .object({
    id,
    name: text(200).min(1),
    description: optionalText(4000),
    email: email.nullish(),
    website: webUrl.nullish(),
    x_onestop_body: z.enum(BODIES),
  })
  .loose();

/** The fields of a service a resident reads, as translated into one language. */
export const translatedServiceFieldsSchema = z
  .object({
    name: text(200).min(1),
    description: text(4000).min(1),
    eligibility_description: text(1000),
    fees_description: text(1000),
  })
  .partial();
export type TranslatedServiceFields = z.infer<typeof translatedServiceFieldsSchema>;

export const orukServiceSchema = z
  .object({
    id,
    organization: orukOrganizationSchema,
    name: text(200).min(1),
    alternate_name: optionalText(200),
    description: text(4000).min(1),
    url: webUrl.nullish(),
    email: email.nullish(),
    status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']).default('active'),
    fees_description: optionalText(1000),
    eligibility_description: optionalText(1000),
    minimum_age: z.number().int().min(0).max(130).nullish(),
    maximum_age: z.number().int().min(0).max(130).nullish(),
    /** The date the information was last checked (shown on every service). */
    assured_date: isoDate,
    last_modified: z.string().max(40).nullish(),
    x_onestop_bank_holidays: z.enum(['open', 'closed']).default('closed'),
    x_onestop_translations: z.partialRecord(z.enum(LANGUAGE_CODES), translatedServiceFieldsSchema).optional(),
    phones: z.array(orukPhoneSchema).default([]),
    schedules: z.array(orukScheduleSchema).default([]),
    service_areas: z
      .array(z.object({ id, name: text(200), description: optionalText(1000) }).loose())
      .default([]),
    languages: z.array(z.object({ id, name: text(100), code: z.string().max(20).nullish() }).loose()).default([]),
    service_at_locations: z.array(orukServiceAtLocationSchema).default([]),
    attributes: z.array(orukAttributeSchema).default([]),
  })
  .loose();

export type OrukService = z.infer<typeof orukServiceSchema>;
export type OrukServiceInput = z.input<typeof orukServiceSchema>;
export type OrukSchedule = z.infer<typeof orukScheduleSchema>;
export type OrukLocation = z.infer<typeof orukLocationSchema>;
export type OrukOrganization = z.infer<typeof orukOrganizationSchema>;

/** An ORUK JSON file: a page as the ORUK API returns it (`contents`), or a bare array of services. */
export const orukJsonFileSchema = z.union([
  z.object({ contents: z.array(z.unknown()) }).loose(),
  z.array(z.unknown()),
]);

export { weekday as orukWeekdaySchema };
