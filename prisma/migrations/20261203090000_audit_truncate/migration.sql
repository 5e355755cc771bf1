-- Hand-written: what Prisma's schema cannot express.

-- The tables whose rows are kept for good refuse TRUNCATE too: the audit log and history
-- (append-only: UPDATE and DELETE are refused since their first migrations), change
-- requests and runs (DELETE refused). Those row-level triggers never fire for TRUNCATE,
-- which empties a table in one statement, so each table gets a statement-level guard;
-- TRUNCATE … CASCADE from a table that leads here is refused the same way.
-- Only a table's owner can turn a trigger off (ALTER TABLE … DISABLE TRIGGER): when the
-- portal connects as a role that does not own the tables, it cannot (README, "Database").
CREATE FUNCTION "kept_rows_no_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are kept (TRUNCATE refused)', TG_TABLE_NAME;
END $$;

CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "kept_rows_no_truncate"();
CREATE TRIGGER "Revision_no_truncate" BEFORE TRUNCATE ON "Revision" FOR EACH STATEMENT EXECUTE FUNCTION "kept_rows_no_truncate"();
CREATE TRIGGER "ChangeRequest_no_truncate" BEFORE TRUNCATE ON "ChangeRequest" FOR EACH STATEMENT EXECUTE FUNCTION "kept_rows_no_truncate"();
CREATE TRIGGER "Run_no_truncate" BEFORE TRUNCATE ON "Run" FOR EACH STATEMENT EXECUTE FUNCTION "kept_rows_no_truncate"();
CREATE TRIGGER "RunStep_no_truncate" BEFORE TRUNCATE ON "RunStep" FOR EACH STATEMENT EXECUTE FUNCTION "kept_rows_no_truncate"();
