//! The database: SQLite (embedded default) or PostgreSQL (production),
//! chosen by the URL. Both run the same migrations, written in their common
//! SQL, through sqlx's `Any` driver; placeholders are `$1, $2, …`, which
//! both engines accept.

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    engine: Engine,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Db({:?})", self.engine)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got {0})")]
    UnsupportedUrl(String),
    #[error("cannot create the directory for the SQLite file {0}: {1}")]
    Directory(String, std::io::Error),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The most parameters `values_rows` may take in one statement (SQLite
/// allows 32,766, PostgreSQL 65,535).
pub const MAX_VALUES: usize = 30_000;

/// Tables that only ever grow: the audit trail and the personal account
/// ledger, its entries and the tax vouchers that are entries too (a
/// correction is a new entry).
pub const APPEND_ONLY: [&str; 5] = ["audit_log", "account_entries", "tax_payments", "overpayment_steps", "certifications"];

impl Db {
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        Db::connect_with(url, None).await
    }

    /// As [`Db::connect`], with at most `max` connections (the engine's
    /// default when `None`). No request holds one connection while it
    /// waits for another, so a pool of one serves every request, one
    /// after the other (a test holds the code to that).
    pub async fn connect_with(url: &str, max: Option<u32>) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            // Only the scheme: a URL may hold a password.
            return Err(DbError::UnsupportedUrl(url.split(':').next().unwrap_or("").to_owned()));
        };
        if engine == Engine::Sqlite {
            create_sqlite_dir(url)?;
        }
        let max = max.unwrap_or(if engine == Engine::Sqlite { 4 } else { 10 });
        let sqlite = engine == Engine::Sqlite;
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite {
                        // A page cache of 64 MB per connection (the default
                        // is 2 MB): batches over a league's million accounts
                        // insert into large indexes; temporary staging
                        // tables in memory.
                        sqlx::Executor::execute(&mut *conn, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY").await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        if engine == Engine::Sqlite && !url.contains(":memory:") {
            // Readers do not block the writer; set once, kept in the file.
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        Ok(Db { pool, engine })
    }

    pub async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("./migrations").run(&self.pool).await?;
        self.guard_append_only().await?;
        self.keep_insured_counts().await
    }

    /// The `APPEND_ONLY` tables are append-only in the database itself: UPDATE and
    /// DELETE (and TRUNCATE) on them are refused by a trigger. The
    /// trigger languages differ, so this is applied here (idempotently)
    /// rather than in the shared migrations. Someone who can drop triggers
    /// can still edit; the hash chain then shows where (`audit-verify`).
    async fn guard_append_only(&self) -> Result<(), DbError> {
        for table in APPEND_ONLY {
            let statements = match self.engine {
                Engine::Sqlite => vec![
                    format!(
                        "CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} \
                         BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                    ),
                    format!(
                        "CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} \
                         BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                    ),
                ],
                Engine::Postgres => vec![
                    format!(
                        "CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS \
                         $f$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $f$"
                    ),
                    format!(
                        "CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
                    ),
                ],
            };
            self.apply_ddl(&statements).await?;
        }
        Ok(())
    }

    /// Trigger DDL, applied once at a time: two servers (or a server and a
    /// CLI run) starting together would otherwise replace the same
    /// PostgreSQL function at once ("tuple concurrently updated").
    async fn apply_ddl(&self, statements: &[String]) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(7420117)").execute(&mut *tx).await?;
        }
        for statement in statements {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// `insured_counts` (S1) follows every insert, update and delete of
    /// `insured_persons` in the same transaction, by a trigger (per engine,
    /// applied here idempotently like the append-only guard).
    async fn keep_insured_counts(&self) -> Result<(), DbError> {
        let birth = |row: &str| {
            format!(
                "COALESCE(CAST(COALESCE(substr({row}.birth_date, 1, 4), CASE WHEN {row}.id_kind = 'resident_id' THEN substr({row}.id_number, 7, 4) END) AS BIGINT), 0)"
            )
        };
        let insured = |row: &str| format!("{row}.deregistered_on IS NULL AND {row}.transferred_out_on IS NULL");
        let less = |row: &str| {
            format!(
                "UPDATE insured_counts SET n = n - 1 WHERE township_code = substr({row}.village_code, 1, 9) AND tier = {row}.tier AND birth_year = {}",
                birth(row)
            )
        };
        let more = format!(
            "INSERT INTO insured_counts (township_code, tier, birth_year, n) SELECT substr(NEW.village_code, 1, 9), NEW.tier, {}, 1 WHERE {} \
             ON CONFLICT (township_code, tier, birth_year) DO UPDATE SET n = insured_counts.n + 1",
            birth("NEW"),
            insured("NEW")
        );
        let statements = match self.engine {
            Engine::Sqlite => vec![
                format!("CREATE TRIGGER IF NOT EXISTS insured_counts_insert AFTER INSERT ON insured_persons BEGIN {more}; END"),
                format!(
                    "CREATE TRIGGER IF NOT EXISTS insured_counts_delete AFTER DELETE ON insured_persons WHEN {} BEGIN {}; END",
                    insured("OLD"),
                    less("OLD")
                ),
                format!(
                    "CREATE TRIGGER IF NOT EXISTS insured_counts_update AFTER UPDATE OF village_code, tier, birth_date, id_kind, id_number, deregistered_on, \
                     transferred_out_on ON insured_persons BEGIN {} AND {}; {more}; END",
                    less("OLD"),
                    insured("OLD")
                ),
            ],
            Engine::Postgres => vec![
                format!(
                    "CREATE OR REPLACE FUNCTION insured_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN \
                     IF TG_OP IN ('UPDATE', 'DELETE') AND {} THEN {}; END IF; \
                     IF TG_OP IN ('INSERT', 'UPDATE') THEN {more}; END IF; RETURN NULL; END $f$",
                    insured("OLD"),
                    less("OLD")
                ),
                "CREATE OR REPLACE TRIGGER insured_counts_keep AFTER INSERT OR UPDATE OR DELETE ON insured_persons \
                 FOR EACH ROW EXECUTE FUNCTION insured_counts_keep()"
                    .to_owned(),
            ],
        };
        self.apply_ddl(&statements).await
    }

    /// A transaction that will write. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`), so two writers queue instead of one failing
    /// halfway; PostgreSQL locks rows as it goes.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.pool.begin().await,
        }
    }

    /// A connection of its own for a bulk write (a league's payment
    /// details, the year's interest) whose every account id is read, in
    /// the same write transaction, from `personal_accounts` or from the
    /// ledger itself, so the reference holds by construction. SQLite
    /// checks a foreign key row by row, and for these statements that
    /// check is most of the work (interest for 842,246 accounts: 4.0 s
    /// with it, 2.4 s without); on this connection SQLite does not check,
    /// and the connection is closed when dropped, never handed to anyone
    /// else. PostgreSQL keeps checking. Tests assert that no entry points
    /// to a missing account after both runs.
    pub async fn bulk_connection(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        if self.engine == Engine::Sqlite {
            conn.close_on_drop();
            sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await?;
        }
        Ok(conn)
    }

    /// `begin_write` on a connection from `bulk_connection`.
    pub async fn begin_write_on<'c>(&self, conn: &'c mut sqlx::pool::PoolConnection<sqlx::Any>) -> Result<sqlx::Transaction<'c, sqlx::Any>, sqlx::Error> {
        use sqlx::Connection;
        match self.engine {
            Engine::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => conn.begin().await,
        }
    }

    /// The elements of a JSON array bound as parameter `$n`, as a table `j`
    /// with one column `value` (read an element's fields with
    /// `j.value ->> 0`, …, which gives text on PostgreSQL: cast numbers).
    /// Many rows travel in one parameter: far cheaper than a statement a
    /// row. For the one path where every microsecond a line counts (a
    /// league's payment details), `values_rows` is faster still on SQLite.
    pub fn json_rows(&self, n: usize) -> String {
        match self.engine {
            // Each element converted to binary JSON once (a subquery with
            // LIMIT is not flattened into the outer join), so that each
            // `->>` reads it without parsing the text again.
            Engine::Sqlite => format!("(SELECT jsonb(value) AS value FROM json_each(${n}) LIMIT -1) AS j"),
            Engine::Postgres => format!("jsonb_array_elements(CAST(${n} AS JSONB)) AS j(value)"),
        }
    }

    /// `rows` rows of `columns` parameters each, all the statement's
    /// parameters, as a table `j` with columns `j.column1`, `j.column2`, …
    /// (both engines name a `VALUES` list's columns so). Bound one value at
    /// a time, in row order. On SQLite this is four times faster than a
    /// JSON parameter (measured: 250,000 lines of 13 values 0.46 s, JSON
    /// 2.0 s), as long as the placeholders are anonymous `?`: sqlx binds a
    /// numbered one by asking SQLite its name, which SQLite finds by
    /// walking a list. At most `MAX_VALUES` parameters a statement.
    pub fn values_rows(&self, rows: usize, columns: usize) -> String {
        let mut sql = String::with_capacity(rows * columns * 7 + 24);
        sql.push_str("(VALUES ");
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..columns {
                if c > 0 {
                    sql.push_str(", ");
                }
                match self.engine {
                    Engine::Sqlite => sql.push('?'),
                    Engine::Postgres => sql.push_str(&format!("${}", r * columns + c + 1)),
                }
            }
            sql.push(')');
        }
        sql.push_str(") AS j");
        sql
    }

    /// ` INDEXED BY index` on SQLite, nothing on PostgreSQL: where SQLite's
    /// planner, without statistics, would take a unique index and read the
    /// table row too, though a covering index answers from the index alone.
    pub fn indexed_by(&self, index: &str) -> String {
        match self.engine {
            Engine::Sqlite => format!(" INDEXED BY {index}"),
            Engine::Postgres => String::new(),
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// For `/healthz`: the database answers a query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A value of a multi-row insert.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Int(i64),
    Null,
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Int(n)
    }
}

impl From<Option<String>> for Arg {
    fn from(s: Option<String>) -> Arg {
        s.map_or(Arg::Null, Arg::Text)
    }
}

/// Bulk writes: `INSERT INTO {head} VALUES (…), (…) … {tail}` in statements
/// of at most 8,000 parameters (under both engines' limits), inside the
/// caller's transaction. `tail` is for example `ON CONFLICT (…) DO NOTHING`.
/// Returns the rows written.
pub async fn insert_many(tx: &mut sqlx::Transaction<'_, sqlx::Any>, head: &str, tail: &str, rows: &[Vec<Arg>]) -> Result<u64, sqlx::Error> {
    let Some(width) = rows.first().map(Vec::len) else { return Ok(0) };
    let mut written = 0;
    for chunk in rows.chunks((8000 / width).max(1)) {
        let values: Vec<String> =
            (0..chunk.len()).map(|r| format!("({})", (1..=width).map(|c| format!("${}", r * width + c)).collect::<Vec<_>>().join(", "))).collect();
        let sql = format!("INSERT INTO {head} VALUES {} {tail}", values.join(", "));
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    Arg::Text(s) => q.bind(s.as_str()),
                    Arg::Int(n) => q.bind(*n),
                    Arg::Null => q.bind(None::<String>),
                };
            }
        }
        written += q.execute(&mut **tx).await?.rows_affected();
    }
    Ok(written)
}

fn create_sqlite_dir(url: &str) -> Result<(), DbError> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:").split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| DbError::Directory(path.to_owned(), e))?;
    }
    Ok(())
}
