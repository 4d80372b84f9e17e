-- Search: a change log filled by triggers (the index follows it, whoever wrote the rows, on
-- every node), and per-tender access (restricted tenders and their members).

CREATE TABLE search_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
);
CREATE INDEX search_changes_at ON search_changes (at);

CREATE TRIGGER search_tenders_insert AFTER INSERT ON tenders BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('tender', NEW.id);
END;
CREATE TRIGGER search_tenders_update AFTER UPDATE ON tenders BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('tender', NEW.id);
END;
CREATE TRIGGER search_tenders_delete AFTER DELETE ON tenders BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('tender', OLD.id);
END;

CREATE TRIGGER search_documents_insert AFTER INSERT ON documents BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', NEW.id);
END;
CREATE TRIGGER search_documents_update AFTER UPDATE ON documents BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', NEW.id);
END;
CREATE TRIGGER search_documents_delete AFTER DELETE ON documents BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', OLD.id);
END;

CREATE TRIGGER search_document_pages_insert AFTER INSERT ON document_pages BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', NEW.document_id);
END;
CREATE TRIGGER search_document_pages_update AFTER UPDATE ON document_pages BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', NEW.document_id);
END;
CREATE TRIGGER search_document_pages_delete AFTER DELETE ON document_pages BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', OLD.document_id);
END;

CREATE TRIGGER search_sections_insert AFTER INSERT ON sections BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', NEW.document_id);
END;
CREATE TRIGGER search_sections_update AFTER UPDATE ON sections BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', NEW.document_id);
END;
CREATE TRIGGER search_sections_delete AFTER DELETE ON sections BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('document', OLD.document_id);
END;

CREATE TRIGGER search_requirements_insert AFTER INSERT ON requirements BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('requirement', NEW.id);
END;
CREATE TRIGGER search_requirements_update AFTER UPDATE ON requirements BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('requirement', NEW.id);
END;
CREATE TRIGGER search_requirements_delete AFTER DELETE ON requirements BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('requirement', OLD.id);
END;

CREATE TRIGGER search_response_sections_insert AFTER INSERT ON response_sections BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('response_section', NEW.id);
END;
CREATE TRIGGER search_response_sections_update AFTER UPDATE ON response_sections BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('response_section', NEW.id);
END;
CREATE TRIGGER search_response_sections_delete AFTER DELETE ON response_sections BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('response_section', OLD.id);
END;

CREATE TRIGGER search_library_blocks_insert AFTER INSERT ON library_blocks BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('library_block', NEW.id);
END;
CREATE TRIGGER search_library_blocks_update AFTER UPDATE ON library_blocks BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('library_block', NEW.id);
END;
CREATE TRIGGER search_library_blocks_delete AFTER DELETE ON library_blocks BEGIN
    INSERT INTO search_changes (kind, entity_id) VALUES ('library_block', OLD.id);
END;

ALTER TABLE tenders ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1));

CREATE TABLE tender_members (
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (tender_id, user_id)
);
CREATE INDEX tender_members_user ON tender_members (user_id);
