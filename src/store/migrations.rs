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
];
