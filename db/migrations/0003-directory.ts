import type { Migration } from './types';

/**
 * The services directory, after Open Referral UK (HSDS 3.0): organisations, services, locations and
 * their addresses, services at locations, phones, schedules, service areas, languages, taxonomy
 * terms and the attributes that link terms to services. `extra` columns keep the fields of an
 * imported record that onestop does not model, so an export gives them back.
 *
 * Search: `service_search` (FTS5, unicode61 with diacritics removed) over the words a resident might
 * type, and `service_search_trigram` (FTS5 trigram) over the same text for partial words.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'services directory',
  up(db) {
    db.exec(`
      CREATE TABLE organizations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT,
        email TEXT,
        website TEXT,
        body TEXT NOT NULL CHECK (body IN ('district', 'county', 'nhs', 'police', 'partner')),
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
      ) STRICT;

      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        organization_id TEXT NOT NULL REFERENCES organizations (id),
        name TEXT NOT NULL,
        alternate_name TEXT,
        description TEXT NOT NULL,
        url TEXT,
        email TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
        fees_description TEXT,
        eligibility_description TEXT,
        minimum_age INTEGER,
        maximum_age INTEGER,
        assured_date TEXT NOT NULL,
        last_modified TEXT,
        bank_holidays TEXT NOT NULL DEFAULT 'closed' CHECK (bank_holidays IN ('open', 'closed')),
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
      ) STRICT;
      CREATE INDEX services_organization ON services (organization_id);

      CREATE TABLE locations (
        id TEXT PRIMARY KEY,
        location_type TEXT NOT NULL DEFAULT 'physical',
        name TEXT NOT NULL,
        description TEXT,
        transportation TEXT,
        latitude REAL,
        longitude REAL,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
      ) STRICT;

      CREATE TABLE addresses (
        id TEXT PRIMARY KEY,
        location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
        attention TEXT,
        address_1 TEXT NOT NULL,
        address_2 TEXT,
        city TEXT NOT NULL,
        region TEXT,
        state_province TEXT,
        postal_code TEXT NOT NULL,
        country TEXT NOT NULL DEFAULT 'GB',
        address_type TEXT NOT NULL DEFAULT 'physical',
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
      ) STRICT;
      CREATE INDEX addresses_location ON addresses (location_id);

      CREATE TABLE service_at_locations (
        id TEXT PRIMARY KEY,
        service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
        location_id TEXT NOT NULL REFERENCES locations (id),
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
        UNIQUE (service_id, location_id)
      ) STRICT;
      CREATE INDEX service_at_locations_location ON service_at_locations (location_id);

      -- A phone belongs to a service or to a location.
      CREATE TABLE phones (
        id TEXT PRIMARY KEY,
        service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
        location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
        number TEXT NOT NULL,
        extension TEXT,
        type TEXT,
        description TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
        CHECK ((service_id IS NULL) <> (location_id IS NULL))
      ) STRICT;
      CREATE INDEX phones_service ON phones (service_id);
      CREATE INDEX phones_location ON phones (location_id);

      -- A schedule belongs to a service, or to a service at one location. No opening times and a
      -- date range means closed on those dates.
      CREATE TABLE schedules (
        id TEXT PRIMARY KEY,
        service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
        service_at_location_id TEXT REFERENCES service_at_locations (id) ON DELETE CASCADE,
        freq TEXT CHECK (freq IN ('WEEKLY', 'MONTHLY')),
        interval INTEGER,
        byday TEXT,
        opens_at TEXT,
        closes_at TEXT,
        valid_from TEXT,
        valid_to TEXT,
        timezone TEXT,
        description TEXT,
        notes TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
        CHECK ((service_id IS NULL) <> (service_at_location_id IS NULL))
      ) STRICT;
      CREATE INDEX schedules_service ON schedules (service_id);
      CREATE INDEX schedules_service_at_location ON schedules (service_at_location_id);

      CREATE TABLE service_areas (
        id TEXT PRIMARY KEY,
        service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        description TEXT,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
      ) STRICT;
      CREATE INDEX service_areas_service ON service_areas (service_id);

      CREATE TABLE service_languages (
        id TEXT PRIMARY KEY,
        service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        code TEXT,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
      ) STRICT;
      CREATE INDEX service_languages_service ON service_languages (service_id);

      CREATE TABLE taxonomy_terms (
        id TEXT PRIMARY KEY,
        code TEXT,
        name TEXT NOT NULL,
        description TEXT,
        parent_id TEXT,
        taxonomy TEXT,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
      ) STRICT;
      CREATE INDEX taxonomy_terms_code ON taxonomy_terms (taxonomy, code);

      CREATE TABLE attributes (
        id TEXT PRIMARY KEY,
        service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
        taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_terms (id),
        value TEXT,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra))
      ) STRICT;
      CREATE INDEX attributes_service ON attributes (service_id);
      CREATE INDEX attributes_term ON attributes (taxonomy_term_id);

      -- What a resident might type, per service: its name, what it does, its organisation, its
      -- topics and the people's words for them. Kept in step by the directory writer.
      CREATE VIRTUAL TABLE service_search USING fts5 (
        service_id UNINDEXED,
        name,
        topics,
        body_words,
        description,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE VIRTUAL TABLE service_search_trigram USING fts5 (
        service_id UNINDEXED,
        text,
        tokenize = 'trigram remove_diacritics 1'
      );
    `);
  },
};
