-- CreateTable
CREATE TABLE "AuditEvent" (
    "seq" BIGINT NOT NULL DEFAULT 0,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "systemId" TEXT,
    "revisionId" TEXT,
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "detail" JSONB NOT NULL DEFAULT '{}',
    "prevHash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_seq_idx" ON "AuditEvent"("actorId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_action_seq_idx" ON "AuditEvent"("action", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_entityId_seq_idx" ON "AuditEvent"("entityId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_systemId_seq_idx" ON "AuditEvent"("systemId", "seq");


-- Hand-written: what Prisma's schema cannot express.

-- The audit log is append-only, and chained: each event's hash covers its own fields and
-- the previous event's hash, in the order the events were committed. The database sets
-- the number and both hashes itself, whatever an insert says. An advisory lock held to the
-- end of the writing transaction puts writers in line, so the next writer's "previous
-- event" is always committed (or its own, earlier in the same statement: a row-level
-- BEFORE trigger sees the rows its statement inserted before).
CREATE SEQUENCE "AuditEvent_seq";

-- The hash of an event: SHA-256 of its fields as a JSON array (unambiguous, nulls kept).
CREATE FUNCTION "audit_event_hash"(e "AuditEvent") RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    e."prevHash", e."seq"::text, to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS'), e."actorId", e."actorName", e."action",
    e."entityType", e."entityId", e."systemId", e."revisionId", e."ip", e."userAgent", e."detail"
  )::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION "audit_event_chain"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727565640);
  NEW."seq" := nextval('"AuditEvent_seq"');
  NEW."prevHash" := coalesce((SELECT "hash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1), '');
  NEW."hash" := "audit_event_hash"(NEW);
  RETURN NEW;
END $$;
CREATE TRIGGER "AuditEvent_chain" BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_event_chain"();

CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent rows are append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
