-- Indexes for the web app's and API's lookups by entity id and modality (newsledger serve).
CREATE INDEX IF NOT EXISTS claims_actor_id ON claims(actor_id);
CREATE INDEX IF NOT EXISTS claims_recipient_id ON claims(recipient_id);
CREATE INDEX IF NOT EXISTS claims_modality ON claims(modality);
