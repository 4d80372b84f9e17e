-- Search: a change log filled by triggers (the index follows it, whoever wrote the rows, on
-- every node), and per-tender access (restricted tenders and their members).

CREATE TABLE search_changes (
    seq BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    at BIGINT NOT NULL DEFAULT (EXTRACT(EPOCH FROM now())::BIGINT)
);
CREATE INDEX search_changes_at ON search_changes (at);

-- Logs (kind, the row's id column): arguments are the kind and the column naming the entity.
CREATE FUNCTION search_log_change() RETURNS trigger AS $$
DECLARE
    r jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := to_jsonb(OLD);
    ELSE
        r := to_jsonb(NEW);
    END IF;
    INSERT INTO search_changes (kind, entity_id) VALUES (TG_ARGV[0], (r ->> TG_ARGV[1])::BIGINT);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_tenders AFTER INSERT OR UPDATE OR DELETE ON tenders
    FOR EACH ROW EXECUTE FUNCTION search_log_change('tender', 'id');
CREATE TRIGGER search_documents AFTER INSERT OR UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION search_log_change('document', 'id');
CREATE TRIGGER search_document_pages AFTER INSERT OR UPDATE OR DELETE ON document_pages
    FOR EACH ROW EXECUTE FUNCTION search_log_change('document', 'document_id');
CREATE TRIGGER search_sections AFTER INSERT OR UPDATE OR DELETE ON sections
    FOR EACH ROW EXECUTE FUNCTION search_log_change('document', 'document_id');
CREATE TRIGGER search_requirements AFTER INSERT OR UPDATE OR DELETE ON requirements
    FOR EACH ROW EXECUTE FUNCTION search_log_change('requirement', 'id');
CREATE TRIGGER search_response_sections AFTER INSERT OR UPDATE OR DELETE ON response_sections
    FOR EACH ROW EXECUTE FUNCTION search_log_change('response_section', 'id');
CREATE TRIGGER search_library_blocks AFTER INSERT OR UPDATE OR DELETE ON library_blocks
    FOR EACH ROW EXECUTE FUNCTION search_log_change('library_block', 'id');

ALTER TABLE tenders ADD COLUMN restricted BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE tender_members (
    tender_id BIGINT NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (tender_id, user_id)
);
CREATE INDEX tender_members_user ON tender_members (user_id);
