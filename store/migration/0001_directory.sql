-- The directory imported from DOOR OS (docs/directory.md). ReplaceDirectory
-- deletes and re-inserts every table in this file; nothing outside this
-- file references them, so a reload never touches history.

CREATE TABLE portfolios (
	id   TEXT PRIMARY KEY CHECK (id <> ''),
	name TEXT NOT NULL CHECK (name <> '')
) STRICT;

CREATE TABLE partners (
	id   TEXT PRIMARY KEY CHECK (id <> ''),
	name TEXT NOT NULL CHECK (name <> '')
) STRICT;

CREATE TABLE partner_aliases (
	partner_id TEXT    NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
	alias      TEXT    NOT NULL CHECK (alias <> ''),
	position   INTEGER NOT NULL,
	PRIMARY KEY (partner_id, alias)
) STRICT;

CREATE TABLE properties (
	id           TEXT PRIMARY KEY CHECK (id <> ''),
	name         TEXT NOT NULL CHECK (name <> ''),
	portfolio_id TEXT NOT NULL REFERENCES portfolios (id)
) STRICT;

CREATE INDEX properties_portfolio ON properties (portfolio_id);

CREATE TABLE property_aliases (
	property_id TEXT    NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
	alias       TEXT    NOT NULL CHECK (alias <> ''),
	position    INTEGER NOT NULL,
	PRIMARY KEY (property_id, alias)
) STRICT;

-- A partner is enabled on a property.
CREATE TABLE enablements (
	property_id TEXT NOT NULL REFERENCES properties (id),
	partner_id  TEXT NOT NULL REFERENCES partners (id),
	PRIMARY KEY (property_id, partner_id)
) STRICT;

CREATE INDEX enablements_partner ON enablements (partner_id);

-- A door is assigned to at most one partner (partner_id NULL for none).
-- The composite foreign key makes "only an enabled partner can be assigned
-- to a property's doors" hold at the SQL level too: SQLite does not check
-- a foreign key whose child columns include a NULL.
CREATE TABLE doors (
	id              TEXT    PRIMARY KEY CHECK (id <> ''),
	property_id     TEXT    NOT NULL REFERENCES properties (id),
	name            TEXT    NOT NULL,
	kind            TEXT    NOT NULL CHECK (kind IN ('communal', 'private')),
	connected       INTEGER NOT NULL CHECK (connected IN (0, 1)),
	partner_id      TEXT    REFERENCES partners (id),
	awaiting_update INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_update IN (0, 1)),
	FOREIGN KEY (property_id, partner_id) REFERENCES enablements (property_id, partner_id)
) STRICT;

CREATE INDEX doors_property_partner ON doors (property_id, partner_id);
CREATE INDEX doors_partner ON doors (partner_id);

-- Managers are keyed by their lowercased address.
CREATE TABLE managers (
	email TEXT PRIMARY KEY CHECK (email <> '' AND email = lower(email)),
	name  TEXT NOT NULL
) STRICT;

-- Property permission.
CREATE TABLE manager_properties (
	email       TEXT    NOT NULL REFERENCES managers (email) ON DELETE CASCADE,
	property_id TEXT    NOT NULL REFERENCES properties (id),
	position    INTEGER NOT NULL,
	PRIMARY KEY (email, property_id)
) STRICT;

CREATE INDEX manager_properties_property ON manager_properties (property_id);

-- Portfolio permission: covers every property of the portfolio.
CREATE TABLE manager_portfolios (
	email        TEXT    NOT NULL REFERENCES managers (email) ON DELETE CASCADE,
	portfolio_id TEXT    NOT NULL REFERENCES portfolios (id),
	position     INTEGER NOT NULL,
	PRIMARY KEY (email, portfolio_id)
) STRICT;

CREATE INDEX manager_portfolios_portfolio ON manager_portfolios (portfolio_id);
