//! The store's schema, one migration a step. `PRAGMA user_version` says how many have run; each runs in
//! its own transaction, so a crash mid-migration leaves the previous version intact. Never edit a
//! migration that has shipped: add the next one.

pub const MIGRATIONS: &[&str] = &[
    // 1: the journal of writes. Times are Unix milliseconds (portable, sortable); before/after are JSON
    // objects of the fields the write changes, never a secret.
    "CREATE TABLE journal (
        id              INTEGER PRIMARY KEY,
        started_ms      BIGINT NOT NULL,
        provider        TEXT NOT NULL,
        customer        TEXT,
        title           TEXT NOT NULL,
        operation       TEXT NOT NULL,
        before_json     TEXT NOT NULL,
        after_json      TEXT NOT NULL,
        outcome         TEXT,
        message         TEXT,
        ended_ms        BIGINT,
        result_customer TEXT
    );
    CREATE INDEX journal_started ON journal (started_ms);
    CREATE INDEX journal_open ON journal (outcome);",
    // 2: the mirror. Each customer as the provider sent it (raw_json), what the table shows (title, cells
    // as a JSON object of column key to shown text), one lower-case search_text for the search index the
    // next migration adds, when it was last written (synced_at, Unix ms), the number of the full pass that
    // last saw it (seen_pass) and whether a full pass found it gone. `gone` is 0/1: portable to PostgreSQL.
    "CREATE TABLE mirror_customers (
        provider     TEXT NOT NULL,
        id           TEXT NOT NULL,
        raw_json     TEXT NOT NULL,
        title        TEXT NOT NULL,
        cells_json   TEXT NOT NULL,
        search_text  TEXT NOT NULL,
        synced_at    BIGINT NOT NULL,
        seen_pass    BIGINT NOT NULL,
        gone         INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (provider, id)
    );
    CREATE INDEX mirror_customers_seen ON mirror_customers (provider, gone, seen_pass);
    CREATE TABLE mirror_sync (
        provider          TEXT PRIMARY KEY,
        pass              BIGINT NOT NULL DEFAULT 0,
        kind              TEXT,
        cursor            TEXT,
        since             TEXT,
        started_ms        BIGINT,
        pass_customers    BIGINT NOT NULL DEFAULT 0,
        pass_requests     BIGINT NOT NULL DEFAULT 0,
        pass_high_water   TEXT,
        finished_ms       BIGINT,
        full_finished_ms  BIGINT,
        high_water        TEXT,
        total             BIGINT,
        last_error        TEXT
    );",
    // 3: the search index. The mirror's table is rebuilt with an integer key (`key`) because an FTS5
    // index over it refers to rows by rowid, and VACUUM (run by a purge) may renumber a table's implicit
    // rowids; an INTEGER PRIMARY KEY it keeps. Each provider owns a range of keys (its slot << 40, see
    // `mirror_providers`), so a search of one provider reads only its part of the index. `mirror_search` indexes search_text in trigrams (any
    // substring of 3+ characters is found from the index), an external-content table so the text is
    // stored once. It holds only customers not gone, so a search counts from the index alone; triggers
    // keep it in step with every insert, upsert that changes the text, gone mark and delete.
    // The title index answers queries too short for trigrams (a name's start; provider and gone in it so
    // counting them reads the index alone). Existing mirrors are
    // copied over and indexed here, once.
    "CREATE TABLE mirror_customers_keyed (
        key          INTEGER PRIMARY KEY,
        provider     TEXT NOT NULL,
        id           TEXT NOT NULL,
        raw_json     TEXT NOT NULL,
        title        TEXT NOT NULL,
        cells_json   TEXT NOT NULL,
        search_text  TEXT NOT NULL,
        synced_at    BIGINT NOT NULL,
        seen_pass    BIGINT NOT NULL,
        gone         INTEGER NOT NULL DEFAULT 0,
        UNIQUE (provider, id)
    );
    CREATE TABLE mirror_providers (
        provider  TEXT PRIMARY KEY,
        slot      INTEGER NOT NULL UNIQUE
    );
    INSERT INTO mirror_providers (provider, slot)
        SELECT provider, ROW_NUMBER() OVER (ORDER BY provider)
        FROM (SELECT DISTINCT provider FROM mirror_customers);
    INSERT INTO mirror_customers_keyed
        (key, provider, id, raw_json, title, cells_json, search_text, synced_at, seen_pass, gone)
        SELECT (p.slot << 40) + ROW_NUMBER() OVER (PARTITION BY c.provider ORDER BY c.id),
            c.provider, c.id, c.raw_json, c.title, c.cells_json, c.search_text, c.synced_at,
            c.seen_pass, c.gone
        FROM mirror_customers c JOIN mirror_providers p ON p.provider = c.provider;
    DROP TABLE mirror_customers;
    ALTER TABLE mirror_customers_keyed RENAME TO mirror_customers;
    CREATE INDEX mirror_customers_seen ON mirror_customers (provider, gone, seen_pass);
    CREATE INDEX mirror_customers_title ON mirror_customers (title COLLATE NOCASE, provider, gone);
    CREATE VIRTUAL TABLE mirror_search USING fts5(
        search_text, content = 'mirror_customers', content_rowid = 'key',
        tokenize = 'trigram remove_diacritics 1'
    );
    CREATE TRIGGER mirror_search_insert AFTER INSERT ON mirror_customers WHEN new.gone = 0 BEGIN
        INSERT INTO mirror_search (rowid, search_text) VALUES (new.key, new.search_text);
    END;
    CREATE TRIGGER mirror_search_delete AFTER DELETE ON mirror_customers WHEN old.gone = 0 BEGIN
        INSERT INTO mirror_search (mirror_search, rowid, search_text)
            VALUES ('delete', old.key, old.search_text);
    END;
    CREATE TRIGGER mirror_search_update AFTER UPDATE OF search_text, gone ON mirror_customers
        WHEN old.search_text IS NOT new.search_text OR old.gone IS NOT new.gone BEGIN
        INSERT INTO mirror_search (mirror_search, rowid, search_text)
            SELECT 'delete', old.key, old.search_text WHERE old.gone = 0;
        INSERT INTO mirror_search (rowid, search_text)
            SELECT new.key, new.search_text WHERE new.gone = 0;
    END;
    INSERT INTO mirror_search (rowid, search_text)
        SELECT key, search_text FROM mirror_customers WHERE gone = 0;",
    // 4: the digit index. A phone number typed with 5+ digits is found here rather than from the
    // trigram index, whose thousand digit trigrams are each in nearly every customer of a mirror
    // where numbers look alike (see `fts::digit_grams`). Contentless (only keys are read back), with
    // deletes by key; the same triggers' rules as the trigram index: customers not gone only.
    // `clientele_digit_grams` is registered on the writer's connection (`sqlite.rs`) before this
    // runs: a connection without it (a sqlite3 shell) can read the mirror but not write customers.
    "CREATE VIRTUAL TABLE mirror_digits USING fts5(
        grams, content = '', contentless_delete = 1, tokenize = 'unicode61'
    );
    CREATE TRIGGER mirror_digits_insert AFTER INSERT ON mirror_customers WHEN new.gone = 0 BEGIN
        INSERT INTO mirror_digits (rowid, grams)
            VALUES (new.key, clientele_digit_grams(new.search_text));
    END;
    CREATE TRIGGER mirror_digits_delete AFTER DELETE ON mirror_customers WHEN old.gone = 0 BEGIN
        DELETE FROM mirror_digits WHERE rowid = old.key;
    END;
    CREATE TRIGGER mirror_digits_update AFTER UPDATE OF search_text, gone ON mirror_customers
        WHEN old.search_text IS NOT new.search_text OR old.gone IS NOT new.gone BEGIN
        DELETE FROM mirror_digits WHERE rowid = old.key AND old.gone = 0;
        INSERT INTO mirror_digits (rowid, grams)
            SELECT new.key, clientele_digit_grams(new.search_text) WHERE new.gone = 0;
    END;
    INSERT INTO mirror_digits (rowid, grams)
        SELECT key, clientele_digit_grams(search_text) FROM mirror_customers WHERE gone = 0;",
];
