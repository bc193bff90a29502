-- A token that changes with every change to the tables a batch of
-- decisions reads (Tx.Names): a Service keeps the Resolver and the
-- manager and property indexes it built from them while the token it read
-- them under stays the same. Triggers change it, so that every way of
-- changing those tables does, raw SQL included. It is random rather than
-- a count: a change rolled back and a later one never leave it the same.
CREATE TABLE directory_version (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	token BLOB NOT NULL
) STRICT;

INSERT INTO directory_version (id, token) VALUES (1, randomblob(16));

CREATE TRIGGER partners_insert_version AFTER INSERT ON partners
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER partners_update_version AFTER UPDATE ON partners
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER partners_delete_version AFTER DELETE ON partners
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER partner_aliases_insert_version AFTER INSERT ON partner_aliases
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER partner_aliases_update_version AFTER UPDATE ON partner_aliases
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER partner_aliases_delete_version AFTER DELETE ON partner_aliases
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER portfolios_insert_version AFTER INSERT ON portfolios
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER portfolios_update_version AFTER UPDATE ON portfolios
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER portfolios_delete_version AFTER DELETE ON portfolios
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER properties_insert_version AFTER INSERT ON properties
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER properties_update_version AFTER UPDATE ON properties
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER properties_delete_version AFTER DELETE ON properties
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER property_aliases_insert_version AFTER INSERT ON property_aliases
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER property_aliases_update_version AFTER UPDATE ON property_aliases
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER property_aliases_delete_version AFTER DELETE ON property_aliases
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER managers_insert_version AFTER INSERT ON managers
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER managers_update_version AFTER UPDATE ON managers
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER managers_delete_version AFTER DELETE ON managers
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER manager_properties_insert_version AFTER INSERT ON manager_properties
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER manager_properties_update_version AFTER UPDATE ON manager_properties
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER manager_properties_delete_version AFTER DELETE ON manager_properties
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER manager_portfolios_insert_version AFTER INSERT ON manager_portfolios
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER manager_portfolios_update_version AFTER UPDATE ON manager_portfolios
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;

CREATE TRIGGER manager_portfolios_delete_version AFTER DELETE ON manager_portfolios
BEGIN
	UPDATE directory_version SET token = randomblob(16) WHERE id = 1;
END;
