-- 0004 (PostgreSQL): mirrors migrations/0004_web_query_indexes.sql, with the entity ids
-- lower()-ed as the claim filters compare them:
-- an entity's claims by kind and counterpart and its latest claims,
CREATE INDEX IF NOT EXISTS claims_actor_kind ON claims(lower(actor_id), kind, lower(recipient_id), reported);
CREATE INDEX IF NOT EXISTS claims_recipient_kind ON claims(lower(recipient_id), kind, lower(actor_id), reported);
CREATE INDEX IF NOT EXISTS claims_actor_reported ON claims(lower(actor_id), reported);
CREATE INDEX IF NOT EXISTS claims_recipient_reported ON claims(lower(recipient_id), reported);
-- counting candidates by item name,
CREATE INDEX IF NOT EXISTS claims_item_name ON claims(lower(item_name));
-- and claims by event date (the expression the date filters use).
CREATE INDEX IF NOT EXISTS claims_event_date ON claims(coalesce(time_start, time_end, reported));
-- The single-column entity-id indexes of 0003 are prefixes of the ones above.
DROP INDEX IF EXISTS claims_actor_id;
DROP INDEX IF EXISTS claims_recipient_id;
