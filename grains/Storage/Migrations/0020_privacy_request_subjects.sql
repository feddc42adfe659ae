-- Privacy requests about a subject (issue: privacy rights and retention, export). Each queue row carries the
-- request's subject digests (SHA-256 of tenant and customer ref, PrivacyRequestGrain.SubjectDigest: no ref, no
-- personal value), so a subject's export can list the requests about them. The table keeps its RLS from 0015.
ALTER TABLE omniops_privacy_requests ADD COLUMN IF NOT EXISTS subject_digests text[] NOT NULL DEFAULT '{}';

CREATE INDEX IF NOT EXISTS ix_omniops_privacy_requests_subjects ON omniops_privacy_requests USING gin (subject_digests);
