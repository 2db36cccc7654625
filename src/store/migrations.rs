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
];
