-- 0006: analyst review. A review verifies, rejects or corrects one claim; the claims row then
-- carries the reviewed record (`review` says which, `review_id` which review), so the
-- register, pages and exports read reviewed claims without knowing about reviews. Nothing is
-- deleted: `reviews` and `review_audit` only grow, a rejected claim stays in `claims` (hidden
-- from every reading query), and each review keeps the extractor's record it replaced.
-- (0006, not 0005: the number 0005 is left to the register tables built in parallel.)

ALTER TABLE claims ADD COLUMN review TEXT;          -- NULL, 'verified', 'corrected' or 'rejected'
ALTER TABLE claims ADD COLUMN review_id INTEGER;    -- the review applied to this row

-- Every review, in the order given. The latest review of a target wins. A target is found
-- again after re-extraction by document and evidence span: (doc_id, evidence_start,
-- evidence_end, claim_kind, claim_ordinal), where claim_kind is the extractor's kind and
-- claim_ordinal the claim's rank among the document's claims with that span and kind.
CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    doc_id          TEXT NOT NULL REFERENCES documents(id),
    claim_id        TEXT NOT NULL,              -- the claim's id when reviewed
    evidence_start  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL,
    claim_kind      TEXT NOT NULL,
    claim_ordinal   INTEGER NOT NULL DEFAULT 0,
    action          TEXT NOT NULL CHECK (action IN ('verify', 'reject', 'correct')),
    changes         TEXT NOT NULL DEFAULT '{}', -- JSON: slot -> corrected value, over the extractor's record
    note            TEXT,
    original        TEXT NOT NULL,              -- the extractor's claim JSON
    reviewer        TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX reviews_target ON reviews(doc_id, evidence_start, evidence_end);

-- Every change to the reviewed state, who made it, when and through what (web, cli, reapply
-- after re-extraction), with the claim before and after.
CREATE TABLE review_audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    who        TEXT NOT NULL,
    via        TEXT NOT NULL,
    event      TEXT NOT NULL,                   -- verify, reject, correct, reapplied, unmatched
    review_id  INTEGER REFERENCES reviews(id),
    doc_id     TEXT NOT NULL,
    claim_id   TEXT,
    before     TEXT,
    after      TEXT
);
CREATE INDEX review_audit_doc ON review_audit(doc_id);
CREATE INDEX claims_review ON claims(review);

-- The entity page counts an actor's claims by kind and counterpart from an index alone
-- (0004); now that it leaves rejected claims out, those indexes carry `review` too.
DROP INDEX IF EXISTS claims_actor_kind;
DROP INDEX IF EXISTS claims_recipient_kind;
CREATE INDEX claims_actor_kind ON claims(actor_id, kind, recipient_id, reported, review);
CREATE INDEX claims_recipient_kind ON claims(recipient_id, kind, actor_id, reported, review);
