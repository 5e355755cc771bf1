-- Stable keys for contacts and for every child of a system: the names by which runbook
-- files (runbook-portal/v1) refer to entries. Existing entries get one made from their
-- title or name, unique where it must be (contacts: the portal; children: their system).

CREATE FUNCTION pg_temp.key_of(value TEXT, fallback TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(NULLIF(left(trim(BOTH '-' FROM regexp_replace(lower(regexp_replace(normalize(value, NFKD), '[\u0300-\u036f]', '', 'g')), '[^a-z0-9]+', '-', 'g')), 60), ''), fallback)
$$;

-- Gives each row of `tbl` a key from `source`, unique within `scope` (a column, or NULL for the whole table).
CREATE FUNCTION pg_temp.fill_keys(tbl TEXT, source TEXT, scope TEXT, fallback TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  row RECORD;
  base TEXT;
  candidate TEXT;
  n INT;
  taken BOOLEAN;
BEGIN
  FOR row IN EXECUTE format('SELECT id, %I AS source, %s AS scope FROM %I ORDER BY "createdAt", id', source, COALESCE(quote_ident(scope), 'NULL'), tbl) LOOP
    base := pg_temp.key_of(row.source, fallback);
    candidate := base;
    n := 1;
    LOOP
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE key = $1 AND ($2::text IS NULL OR %s = $2))', tbl, COALESCE(quote_ident(scope), 'NULL'))
        INTO taken USING candidate, row.scope;
      EXIT WHEN NOT taken;
      n := n + 1;
      candidate := left(base, 55) || '-' || n;
    END LOOP;
    EXECUTE format('UPDATE %I SET key = $1 WHERE id = $2', tbl) USING candidate, row.id;
  END LOOP;
END
$$;

ALTER TABLE "Contact" ADD COLUMN "key" TEXT;
ALTER TABLE "Dependency" ADD COLUMN "key" TEXT;
ALTER TABLE "FailureMode" ADD COLUMN "key" TEXT;
ALTER TABLE "RemediationProcedure" ADD COLUMN "key" TEXT;
ALTER TABLE "EscalationLevel" ADD COLUMN "key" TEXT;

SELECT pg_temp.fill_keys('Contact', 'name', NULL, 'contact');
SELECT pg_temp.fill_keys('Dependency', 'name', 'systemId', 'dependency');
SELECT pg_temp.fill_keys('FailureMode', 'title', 'systemId', 'failure-mode');
SELECT pg_temp.fill_keys('RemediationProcedure', 'title', 'systemId', 'procedure');
SELECT pg_temp.fill_keys('EscalationLevel', 'name', 'systemId', 'level');

ALTER TABLE "Contact" ALTER COLUMN "key" SET NOT NULL;
ALTER TABLE "Dependency" ALTER COLUMN "key" SET NOT NULL;
ALTER TABLE "FailureMode" ALTER COLUMN "key" SET NOT NULL;
ALTER TABLE "RemediationProcedure" ALTER COLUMN "key" SET NOT NULL;
ALTER TABLE "EscalationLevel" ALTER COLUMN "key" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Contact_key_key" ON "Contact"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Dependency_systemId_key_key" ON "Dependency"("systemId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "FailureMode_systemId_key_key" ON "FailureMode"("systemId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "RemediationProcedure_systemId_key_key" ON "RemediationProcedure"("systemId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "EscalationLevel_systemId_key_key" ON "EscalationLevel"("systemId", "key");
