-- 0003 (PostgreSQL): lookups by entity id (case-insensitive, as the claim filters match
-- them) and by modality; mirrors migrations/0003_web_indexes.sql.
CREATE INDEX IF NOT EXISTS claims_actor_id ON claims(lower(actor_id));
CREATE INDEX IF NOT EXISTS claims_recipient_id ON claims(lower(recipient_id));
CREATE INDEX IF NOT EXISTS claims_modality ON claims(modality);
