-- Indexes for the web app and its JSON API (newsledger serve; bench/api.py), measured on a
-- store of 100,000 claims:
-- an entity's claims by kind and counterpart (covering: no table reads) and its latest claims,
CREATE INDEX IF NOT EXISTS claims_actor_kind ON claims(actor_id, kind, recipient_id, reported);
CREATE INDEX IF NOT EXISTS claims_recipient_kind ON claims(recipient_id, kind, actor_id, reported);
CREATE INDEX IF NOT EXISTS claims_actor_reported ON claims(actor_id, reported);
CREATE INDEX IF NOT EXISTS claims_recipient_reported ON claims(recipient_id, reported);
-- counting candidates by item name,
CREATE INDEX IF NOT EXISTS claims_item_name ON claims(item_name);
-- and claims newest event first (the expression the date filters use), so "the latest 100
-- matching" stops after 100 hits instead of sorting every match.
CREATE INDEX IF NOT EXISTS claims_event_date ON claims(coalesce(time_start, time_end, reported));
-- The single-column entity-id indexes of 0003 are prefixes of the ones above.
DROP INDEX IF EXISTS claims_actor_id;
DROP INDEX IF EXISTS claims_recipient_id;
