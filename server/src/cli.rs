//! Subcommands. `serve` is the default, so cargo-leptos can run the binary
//! without arguments.

use crate::config::Config;
use app::backend::{benefits::payroll, infra::audit, infra::db::Db, infra::reference, seed::demo, seed::synthetic};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "server", about = "内蒙古城乡居民基本养老保险 服务端")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate, load reference data, serve HTTP. Nothing else runs at
    /// start: no demo data, no accounts, no batch job.
    Serve {
        /// Load the demo data (once) and print one-time links for the demo
        /// staff and kiosk: for trying the system, never in production.
        #[arg(long)]
        demo: bool,
        /// With --demo: load it even on PostgreSQL or behind an https
        /// PUBLIC_URL (a test database that looks like production).
        #[arg(long, requires = "demo")]
        force: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Remove sign-in state that can no longer be used: expired passkey
    /// ceremonies and one-time codes, sessions ended over a day ago,
    /// throttle events over a day old. Idempotent; run it daily.
    PurgeExpired,
    /// T3: make a new signing key for TRANSFER_KEY (printed with its public
    /// key, for the peers). Touches no database: the key lives only in
    /// configuration.
    NewTransferKey,
    /// Load reference data (divisions, calendar, policy); adds only what is missing.
    LoadReference,
    /// Load the demo data unless it was loaded before (the reference data
    /// first, if missing).
    LoadDemo {
        /// Load it even on PostgreSQL or behind an https PUBLIC_URL.
        #[arg(long)]
        force: bool,
    },
    /// Import a household registry file (CSV, UTF-8 or GB18030; columns in docs/formats.md).
    ImportRegistry {
        /// The file to import.
        file: std::path::PathBuf,
    },
    /// Replace a list kept by another agency: `other_schemes` (people
    /// insured under another basic pension scheme, CSV
    /// `证件类型,证件号码,参加的养老保险`), `special_groups` (hardship
    /// groups, CSV `证件类型,证件号码,特殊群体`) or `custody` (people held
    /// in custody, CSV `证件类型,证件号码,收押日期`); UTF-8 or GB18030.
    ImportList { kind: String, file: std::path::PathBuf },
    /// Import the tax bureau's payment details (CSV, UTF-8 or GB18030; columns
    /// in the README): good lines booked to the personal accounts, bad ones listed.
    ImportTaxPayments { file: std::path::PathBuf },
    /// Compare the tax bureau's reconciliation totals (CSV
    /// `缴入国库日期,笔数,个人缴费,政府代缴,政府补贴,集体补助,社会资助`) with what
    /// was booked; lists every difference, books nothing.
    ReconcileTax { file: std::path::PathBuf },
    /// Export the registration data queued since the last export (new,
    /// changed, stopped insured people) for the tax bureau, validated.
    ExportRegistrations {
        /// Where to write the CSV file.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// C4: list the insured people of a hardship group (the special-group
    /// list) not yet on the year's government-paid list; writes the batch.
    GovernmentPaid {
        #[arg(long)]
        year: i32,
        /// Where to write the CSV file.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// A4: e-mail each insured person with an address on file their
    /// statement of a year (after its interest run); a rerun sends only
    /// what was not sent.
    MailStatements {
        #[arg(long)]
        year: i32,
    },
    /// T3: this deployment's league and public key (what its peers put in
    /// their TRANSFER_PEERS).
    TransferKey,
    /// T3: send the transfer documents not yet acknowledged (the server
    /// retries by itself every TRANSFER_RETRY_SECONDS).
    TransferDeliver,
    /// T3, the line is down: write every unacknowledged transfer document
    /// into `dir` as a file, to carry to the peer.
    TransferExport { dir: std::path::PathBuf },
    /// T3: import transfer documents received as files (each verified and
    /// applied once, as if delivered over HTTP).
    TransferImport { files: Vec<std::path::PathBuf> },
    /// The translator's round trip (docs/i18n.md): every message residents
    /// read and every division name as a spreadsheet, and back.
    I18n {
        #[command(subcommand)]
        action: I18nAction,
    },
    /// S2: archive every finished case not archived yet (idempotent: a
    /// rerun, or a run after a crash, archives each case once).
    Archive,
    /// F2: book every business event not booked yet into the fund's
    /// vouchers, every league (idempotent: a rerun books nothing twice).
    FundPost,
    /// Post year-end interest for a closed year to every personal account
    /// (idempotent: a rerun, or a run after a crash, posts each account once).
    Interest {
        #[arg(long)]
        year: i32,
        /// Accounts per transaction.
        #[arg(long, default_value_t = app::backend::money::interest::INTEREST_CHUNK)]
        chunk: i64,
    },
    /// Measure the ledger at scale on the current (generated) data: import a
    /// payment-details file for every insured person, post a year's interest,
    /// render a 20-year statement; each beside the bare-SQL floor.
    BenchLedger {
        /// The contribution year the generated payments are for.
        #[arg(long, default_value_t = 2024)]
        year: i32,
    },
    /// B5: a county's payroll of a month (run 1); again: the same batch.
    PayrollGenerate {
        #[arg(long)]
        county: String,
        /// `YYYY-MM`.
        #[arg(long)]
        month: String,
    },
    /// B5: check a league's county payrolls of a month against the previous
    /// month; unexplained differences are listed and block sending (exit 1).
    PayrollCheck {
        #[arg(long)]
        league: String,
        #[arg(long)]
        month: String,
    },
    /// B5: record the funding transfer and write the league's bank file of
    /// the checked payrolls not sent yet (a supplementary file for counties
    /// cleared later); nothing new: the latest file.
    PayrollBankFile {
        #[arg(long)]
        league: String,
        #[arg(long)]
        month: String,
        #[arg(long, default_value_t = 1)]
        run: i64,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// B6: import the bank's return file (paid / failed per line).
    ImportBankReturns { file: std::path::PathBuf },
    /// B6: pay a county's failed items of a month again (a second run).
    PayrollReissue {
        #[arg(long)]
        county: String,
        #[arg(long)]
        month: String,
    },
    /// B8, 调待: add the rise of the basic pension taking effect in `month`
    /// to the county's pensions (before the month's payroll; once).
    PensionIncrease {
        #[arg(long)]
        county: String,
        #[arg(long)]
        month: String,
    },
    /// B9: warn the county's recipients whose certification falls due soon
    /// (once) and suspend those overdue; again, nothing changes. Run nightly.
    CertificationSweep {
        #[arg(long)]
        county: String,
    },
    /// Measure the payroll at scale: pensions for the generated insured
    /// people (up to `recipients`), then generate, check, bank file, return.
    BenchPayroll {
        #[arg(long, default_value_t = 500_000)]
        recipients: usize,
    },
    /// S1: the staff dashboard's server time over a generated league with
    /// 12 months of payroll for `recipients` (set up once, not measured).
    BenchStatistics {
        #[arg(long, default_value_t = 250_000)]
        recipients: usize,
        #[arg(long, default_value_t = 20)]
        iterations: usize,
    },
    /// Verify the audit trail's hash chain; names the first broken record (exit 1).
    AuditVerify {
        /// A head written down earlier by `audit-head`: the chain must
        /// still reach it unchanged (deleting the newest records is seen).
        #[arg(long)]
        head: Option<std::path::PathBuf>,
    },
    /// Print the newest record of the audit trail, signed with AUDIT_KEY
    /// (`seq hash signature`): keep it outside the database, e.g. daily.
    AuditHead,
    /// Record that the database was restored from a backup older than a
    /// head written down earlier (the chain then verifies against it).
    AuditRestored {
        #[arg(long)]
        head: std::path::PathBuf,
        /// Why, for the trail.
        #[arg(long)]
        reason: String,
    },
    /// Fill a league with synthetic people and open cases (seeded, idempotent), for benchmarks.
    Generate {
        /// The league (4-digit code) whose demo counties are filled.
        #[arg(long, default_value = "1501")]
        league: String,
        #[arg(long, default_value_t = 100_000)]
        people: usize,
        #[arg(long, default_value_t = 100_000)]
        open_cases: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure a clerk's queue page (server time of the query and mapping) on the current data.
    BenchQueue {
        #[arg(long, default_value_t = 50)]
        iterations: usize,
    },
    /// Create the first administrator and print the link for their first
    /// passkey (refused once an administrator exists).
    CreateAdmin {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// Division code of their jurisdiction: `15` (region) or a league.
        #[arg(long, default_value = "15")]
        jurisdiction: String,
        /// Their own mail address (the link is also mailed there).
        #[arg(long)]
        email: String,
    },
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if std::env::var("LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The database, migrated. With `MIGRATE_DATABASE_URL` the migrations run
/// as that role (the owner of the tables and their append-only triggers)
/// and the server works as the role of `DATABASE_URL`, which cannot drop
/// or disable them (docs/security.md).
async fn prepared_db(config: &Config) -> Result<Db, BoxError> {
    if let Some(owner) = &config.migrate_database_url {
        let owner = Db::connect(owner).await?;
        owner.migrate().await?;
        owner.close().await;
        return Ok(Db::connect(&config.database_url).await?);
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

/// Demo data is for trying the system: refused where the settings look
/// like production (PostgreSQL, an https `PUBLIC_URL`) unless forced.
fn demo_allowed(config: &Config, force: bool) -> Result<(), BoxError> {
    let production = config.database_url.starts_with("postgres") || config.public_url.starts_with("https://");
    if production && !force {
        return Err("演示数据只用于试用，不加载到看似正式环境的库（DATABASE_URL 为 PostgreSQL，或 PUBLIC_URL 为 https）；确为测试库的，请加 --force".into());
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum I18nAction {
    /// Write the spreadsheet (CSV, UTF-8 with a byte-order mark: key,
    /// Chinese, current Mongolian, file, where it is used, a note).
    Export {
        /// The language translated into.
        #[arg(long, default_value = "mn-Mong")]
        lang: String,
        /// Where to write it (standard output when not given).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// The catalogue's folder.
        #[arg(long, default_value = "app/locales")]
        locales: std::path::PathBuf,
    },
    /// Take the reviewed `mn-Mong` column back: messages into the
    /// catalogue's files, division names into the database. One wrong line
    /// refuses the whole file.
    Import {
        file: std::path::PathBuf,
        #[arg(long, default_value = "app/locales")]
        locales: std::path::PathBuf,
    },
}

pub async fn run(cli: Cli) -> Result<(), BoxError> {
    if let Some(Command::NewTransferKey) = cli.command {
        let (secret, public) = app::backend::transfers::config::generate_key();
        println!("TRANSFER_KEY={secret}\n# public key, for the peers' TRANSFER_PEERS: {public}");
        return Ok(());
    }
    let config = Config::from_env()?;
    tracing::info!(?config, "starting");
    let command = cli.command.unwrap_or(Command::Serve { demo: false, force: false });
    match command {
        Command::Serve { demo: true, force } | Command::LoadDemo { force } => demo_allowed(&config, force)?,
        _ => {}
    }
    let db = prepared_db(&config).await?;
    match command {
        Command::Migrate => tracing::info!("migrations applied"),
        Command::NewTransferKey => {} // answered above, without a database
        Command::PurgeExpired => {
            let p = app::backend::identity::auth::purge_expired(&db, app::backend::infra::clock::now()).await?;
            println!("已清除：通行密钥仪式 {}，验证码 {}，会话 {}，限流记录 {}", p.ceremonies, p.codes, p.sessions, p.throttle_events);
        }
        Command::LoadReference => {
            let report = reference::load_reference(&db).await?;
            tracing::info!(?report, "reference data loaded");
        }
        Command::LoadDemo { .. } => {
            // The demo refers to the reference divisions and policy: load
            // them first (idempotent) rather than fail on a foreign key.
            let report = reference::load_reference(&db).await?;
            tracing::info!(?report, "reference data loaded");
            let loaded = demo::load_demo(&db, config.today.unwrap_or_else(|| chrono::Local::now().date_naive())).await?;
            tracing::info!(loaded, "demo data");
        }
        Command::ImportRegistry { file } => {
            let bytes = std::fs::read(&file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let by = audit::system_entry("batch", "", None, None);
            print_report(
                &app::backend::benefits::certification::import_registry(
                    &db,
                    &name,
                    &bytes,
                    config.today.unwrap_or_else(|| chrono::Local::now().date_naive()),
                    &by,
                )
                .await?,
            );
        }
        Command::ImportTaxPayments { file } => {
            let bytes = std::fs::read(&file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let by = audit::system_entry("batch", "", None, None);
            let today = config.today.unwrap_or_else(|| chrono::Local::now().date_naive());
            print_report(&app::backend::money::tax::import_payments(&db, &name, &bytes, today, None, &by).await?);
        }
        Command::ReconcileTax { file } => {
            let bytes = std::fs::read(&file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let by = audit::system_entry("batch", "", None, None);
            print_report(&app::backend::money::tax::reconcile(&db, &name, &bytes, None, &by).await?);
        }
        Command::ExportRegistrations { out } => {
            let by = audit::system_entry("batch", "", None, None);
            let today = config.today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let r = app::backend::money::registration::export(&db, chrono::Datelike::year(&today), None, &by).await?;
            let content = app::backend::infra::exports::content(&db, &r.batch_id).await?;
            std::fs::write(&out, content)
                .map_err(|e| format!("报送批次 {} 已生成，但无法写入文件 {}：{e}；请在“基金财务”页面下载该批次文件", r.batch_id, out.display()))?;
            println!("报送批次 {}：报送 {} 人，暂缓 {} 人；文件 {}", r.batch_id, r.exported, r.held.len(), out.display());
            for (who, reason) in &r.held {
                println!("  暂缓 {who}：{reason}");
            }
        }
        Command::GovernmentPaid { year, out } => {
            let by = audit::system_entry("batch", "", None, None);
            let r = app::backend::money::government_paid::generate(&db, year, None, &by).await?;
            let content = app::backend::infra::exports::content(&db, &r.batch_id).await?;
            std::fs::write(&out, content)
                .map_err(|e| format!("名单批次 {} 已生成，但无法写入文件 {}：{e}；请在“基金财务”页面下载该批次文件", r.batch_id, out.display()))?;
            println!("{} 年政府代缴名单批次 {}：{} 人，合计 {} 元；文件 {}", r.year, r.batch_id, r.listed, r.total, out.display());
        }
        Command::PensionIncrease { county, month } => {
            let by = audit::system_entry("batch", "", None, None);
            let (delta, raised, skipped) = payroll::increase(&db, &domain::DivisionCode::parse(&county)?, month_arg(&month)?, &by).await?;
            println!("{county} {month} 起每月提高 {delta} 元：调整 {raised} 人，不调整 {skipped} 人");
        }
        Command::CertificationSweep { county } => {
            let state = config.app_state(db.clone()).await?;
            let (warned, suspended) = app::backend::benefits::certification::sweep(&state, &domain::DivisionCode::parse(&county)?, "batch").await?;
            println!("{county} 领取资格认证：提醒 {warned} 人，暂停发放 {suspended} 人");
        }
        Command::I18n { action: I18nAction::Export { lang, out, locales } } => {
            if lang != catalogue::SECOND {
                return Err(format!("只能导出 {} 的译文", catalogue::SECOND).into());
            }
            let csv = crate::translations::export(&db, &locales).await?;
            match out {
                Some(path) => std::fs::write(&path, &csv)?,
                None => std::io::Write::write_all(&mut std::io::stdout(), &csv)?,
            }
        }
        Command::I18n { action: I18nAction::Import { file, locales } } => {
            let csv = std::fs::read(&file)?;
            match crate::translations::import(&db, &locales, &csv).await {
                Ok(r) => println!(
                    "已导入：译文改动 {} 条，新增 {} 条，未变 {} 条；地名 {} 个",
                    r.messages.changed, r.messages.added, r.messages.unchanged, r.divisions
                ),
                Err(crate::translations::NotImported::Refused(refused)) => {
                    for why in &refused {
                        eprintln!("{why}");
                    }
                    return Err(format!("{} 行有误，未导入任何内容：改正后重新导入", refused.len()).into());
                }
                Err(crate::translations::NotImported::Failed(why)) => {
                    return Err(format!("写入时出错，已恢复原样，未导入任何内容：{why}").into());
                }
            }
        }
        Command::MailStatements { year } => {
            let by = audit::system_entry("batch", "", None, None);
            let state = config.app_state(db.clone()).await?;
            let r = app::backend::money::statements::mail_statements(&state, year, &by).await?;
            println!(
                "{year} 年度对账单：本次发出 {} 人（邮件和短信），此前已发 {} 人；未能即时送出的留在发送队列，由运行中的服务自动重试",
                r.sent, r.sent_before
            );
        }
        Command::Interest { year, chunk } => {
            let by = audit::system_entry("batch", "", None, None);
            let today = config.today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let r = app::backend::money::interest::post_interest(&db, year, today, chunk.max(1), &by).await?;
            if r.already_done {
                println!("{year} 年度利息已于此前记账完毕，本次未做任何改动");
            }
            println!("{year} 年度记账利率 {}：本次记账 {} 户，该年度共 {} 户", r.rate, r.posted_now, r.posted_total);
        }
        Command::PayrollGenerate { county, month } => {
            let by = audit::system_entry("batch", "", None, None);
            let today = config.today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let b = payroll::generate(&db, &domain::DivisionCode::parse(&county)?, month_arg(&month)?, today, &by).await?;
            print_batch(&b);
        }
        Command::PayrollCheck { league, month } => {
            let by = audit::system_entry("batch", "", None, None);
            let batches = app::backend::benefits::payroll::check::check(&db, &domain::DivisionCode::parse(&league)?, month_arg(&month)?, &by).await?;
            batches.iter().for_each(print_batch);
            if batches.iter().any(|b| b.state == "generated") {
                return Err("有旗县的发放数据与上月的差异未能说明，暂不能发送银行（其余旗县可以发送）：请由基金财务人员逐笔说明并经另一人审批，\
                            或由旗县更正数据后作废该批次、重新生成"
                    .into());
            }
        }
        Command::PayrollBankFile { league, month, run, out } => {
            let by = audit::system_entry("batch", "", None, None);
            let file = app::backend::benefits::payroll::bank::bank_file(&db, &domain::DivisionCode::parse(&league)?, month_arg(&month)?, run, &by).await?;
            let id = file.id;
            if !file.held_back.is_empty() {
                println!("比对未通过、暂未发送的批次：{}（通过后另行生成补充文件）", file.held_back.join("、"));
            }
            let content = app::backend::infra::exports::content(&db, &id).await?;
            std::fs::write(&out, content).map_err(|e| format!("银行文件 {id} 已生成，但无法写入文件 {}：{e}；请在“基金财务”页面下载", out.display()))?;
            println!("银行发放文件 {id}：{}", out.display());
        }
        Command::ImportBankReturns { file } => {
            let bytes = std::fs::read(&file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let by = audit::system_entry("batch", "", None, None);
            print_report(&app::backend::benefits::payroll::bank::import_returns(&db, &name, &bytes, None, &by).await?);
        }
        Command::PayrollReissue { county, month } => {
            let by = audit::system_entry("batch", "", None, None);
            match app::backend::benefits::payroll::bank::reissue(&db, &domain::DivisionCode::parse(&county)?, month_arg(&month)?, &by).await? {
                Some(b) => print_batch(&b),
                None => println!("{month} 没有发放失败的待遇，无需再次发放"),
            }
        }
        Command::BenchPayroll { recipients } => crate::bench::payroll(&config, &db, recipients).await?,
        Command::BenchLedger { year } => crate::bench::ledger(&config, &db, year).await?,
        Command::BenchStatistics { recipients, iterations } => crate::bench::statistics(&config, &db, recipients, iterations).await?,
        Command::Generate { league, people, open_cases, seed } => {
            let counties: Vec<String> = reference::divisions(&db, Some(&domain::DivisionCode::parse(&league)?)).await?.into_iter().map(|d| d.code).collect();
            if counties.is_empty() {
                return Err(format!("区划表中 {league} 下没有旗县").into());
            }
            let plan = synthetic::Plan { counties, people, open_cases, seed, today: config.today.unwrap_or_else(|| chrono::Local::now().date_naive()) };
            let started = std::time::Instant::now();
            let calendar = reference::work_calendar(&db).await?;
            let made = synthetic::generate(&db, &plan, &calendar).await?;
            println!(
                "新增人员 {}，参保 {}，在办件 {}（用时 {:.1} 秒；重复运行不再新增）",
                made.people,
                made.insured,
                made.cases,
                started.elapsed().as_secs_f64()
            );
        }
        Command::BenchQueue { iterations } => crate::bench::queue(&config, &db, iterations).await?,
        Command::CreateAdmin { login, name, jurisdiction, email } => {
            let state = config.app_state(db.clone()).await?;
            let invitation = app::backend::identity::staff::bootstrap_admin(&state, &login, &name, &jurisdiction, &email).await?;
            println!("管理员 {login} 已创建。请在 {} 天内用本人设备打开以下链接登记通行密钥：", app::backend::identity::staff::INVITE_DAYS);
            println!("{}/staff/enrol#{}", config.public_url, invitation.token);
        }
        Command::ImportList { kind, file } => {
            let list = app::backend::infra::lists::List::of(&kind).ok_or("名单种类应为 other_schemes、special_groups 或 custody")?;
            let bytes = std::fs::read(&file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
            let by = audit::system_entry("batch", "", None, None);
            let name = file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            print_report(&list.import(&db, &name, &bytes, &by).await?);
        }
        Command::AuditVerify { head } => {
            let n = match audit::verify(&db).await? {
                Ok(n) => n,
                Err(broken) => {
                    db.close().await;
                    return Err(format!("审计记录哈希链断裂：{broken}").into());
                }
            };
            println!("审计记录哈希链校验通过：共 {n} 条");
            if let Some(file) = head {
                let head = read_head(&config, &file)?;
                let key = config.audit_key.as_deref().ok_or("未设置 AUDIT_KEY")?;
                match audit::check_head(&db, &head, key).await? {
                    audit::HeadCheck::Holds => println!("与审计链头（第 {} 条）一致", head.seq),
                    audit::HeadCheck::Restored { at } => println!("审计链头（第 {} 条）之后的记录因从备份恢复而缺失，已于第 {at} 条记录在案", head.seq),
                    audit::HeadCheck::EndsBefore { last } => {
                        db.close().await;
                        return Err(format!("审计记录止于第 {last} 条，早于审计链头第 {} 条：最新的记录被删除了", head.seq).into());
                    }
                    audit::HeadCheck::Differs => {
                        db.close().await;
                        return Err(format!("第 {} 条审计记录与审计链头不同：记录被改写了", head.seq).into());
                    }
                }
            }
        }
        Command::AuditHead => {
            let key = config.audit_key.as_deref().ok_or("未设置 AUDIT_KEY：审计链头须用库外的密钥签名")?;
            match audit::head(&db).await? {
                Some(head) => println!("{}", head.line(key)),
                None => return Err("审计记录为空".into()),
            }
        }
        Command::AuditRestored { head, reason } => {
            let head = read_head(&config, &head)?;
            let reason = reason.trim();
            if reason.is_empty() {
                return Err("请用 --reason 写明恢复的原因和所用的备份".into());
            }
            let key = config.audit_key.as_deref().ok_or("未设置 AUDIT_KEY")?;
            let seq = audit::record_restore(&db, &head, key, reason).await?;
            println!("已在第 {seq} 条审计记录中登记：从备份恢复，审计链头第 {} 条之后的记录缺失", head.seq);
        }
        Command::TransferKey => {
            let state = config.app_state(db.clone()).await?;
            match (&state.transfers.league, state.transfers.public_key()) {
                (Some(league), Some(key)) => println!("{league} {} {key}", config.public_url),
                _ => return Err("未设置 TRANSFER_LEAGUE：本部署未开通跨盟市转移".into()),
            }
        }
        Command::Archive => {
            let state = config.app_state(db.clone()).await?;
            let by = audit::system_entry("cli", "", None, None);
            let n = app::backend::oversight::archives::run(&state, &by, None).await?;
            println!("已归档 {n} 件办结业务");
        }
        Command::FundPost => {
            let state = config.app_state(db.clone()).await?;
            let by = audit::system_entry("cli", "", None, None);
            let n = app::backend::money::fund::post(&state.db, None, state.today(), &by).await?;
            println!("已生成记账凭证 {n} 张");
        }
        Command::TransferDeliver => {
            let state = config.app_state(db.clone()).await?;
            let d = app::backend::transfers::delivery::deliver_pending(&state).await?;
            println!("转移文书：送达 {} 份，未能送达 {} 份", d.delivered, d.failed);
            if d.failed > 0 {
                return Err("部分文书未能送达（原因见日志）：可稍后再试，或用 transfer-export 导出文件交对端导入".into());
            }
        }
        Command::TransferExport { dir } => {
            let state = config.app_state(db.clone()).await?;
            let files = app::backend::transfers::delivery::export_pending(&state, &dir).await?;
            println!("已导出 {} 份未送达的转移文书到 {}", files.len(), dir.display());
        }
        Command::TransferImport { files } => {
            let state = config.app_state(db.clone()).await?;
            for file in files {
                let bytes = std::fs::read(&file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
                let r = app::backend::transfers::delivery::receive(&state, &bytes, "file").await.map_err(|e| format!("{}：{e}", file.display()))?;
                println!("{}：{}{}", file.display(), r.kind, if r.duplicate { "（此前已收到，未做改动）" } else { "，已办理" });
            }
        }
        Command::Serve { demo, .. } => {
            let report = reference::load_reference(&db).await?;
            tracing::info!(?report, "reference data loaded");
            if demo && demo::load_demo(&db, config.today.unwrap_or_else(|| chrono::Local::now().date_naive())).await? {
                tracing::info!("demo data loaded");
            }
            let state = config.app_state(db.clone()).await?;
            if demo {
                let links = demo::demo_links(&state, &config.public_url).await?;
                if !links.is_empty() {
                    println!("演示账户与自助终端的登记链接（用于登记通行密钥，7天内有效）：");
                    for link in links {
                        println!("  {link}");
                    }
                }
            }
            crate::web::start_courier(state.clone(), config.transfer_retry_seconds);
            crate::web::start_mailer(state.clone());
            crate::web::serve(state).await?;
        }
    }
    db.close().await;
    Ok(())
}

/// A head file written by `audit-head`, its signature checked with AUDIT_KEY.
fn read_head(config: &Config, file: &std::path::Path) -> Result<audit::Head, BoxError> {
    let key = config.audit_key.as_deref().ok_or("未设置 AUDIT_KEY：无法核对审计链头的签名")?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("无法读取审计链头文件 {}：{e}", file.display()))?;
    Ok(audit::Head::parse(text.trim(), key)?)
}

/// What an import did, for the operator.
fn print_report(r: &app::model::ImportReport) {
    if r.already_imported {
        println!("该文件已于批次 {} 导入过，本次未做任何改动", r.batch_id);
    }
    println!("批次 {}（{}）：共 {} 行，新增 {}，更新 {}，未变 {}，退回 {}", r.batch_id, r.encoding, r.total, r.added, r.updated, r.unchanged, r.rejected.len());
    for (line, reason) in &r.rejected {
        println!("  第 {line} 行：{reason}");
    }
}

fn month_arg(text: &str) -> Result<domain::benefit::Month, String> {
    domain::benefit::Month::parse(text).ok_or_else(|| format!("月份“{text}”的写法应如 2026-12"))
}

fn print_batch(b: &app::model::PayrollBatch) {
    println!(
        "批次 {}（{} 第 {} 次）：{}，{} 笔 {} 元；已到账 {} 笔 {} 元，失败 {} 笔 {} 元",
        b.id, b.month, b.run, b.state, b.items, b.total, b.paid, b.paid_total, b.failed, b.failed_total
    );
    if let Some(c) = &b.check {
        println!("  上月 {}：{} 笔 {} 元", c.previous_batch, c.previous_items, c.previous_total);
        for (kind, n, amount) in &c.explained {
            println!("  {kind}: 人数 {n:+}，金额 {amount}");
        }
        for u in &c.unexplained {
            println!(
                "  未说明的差异：{} {}，本月 {} 元，上次发送 {} 元{}",
                u.name,
                u.document_masked,
                u.this,
                u.previous,
                u.explanation.as_deref().map_or(String::new(), |e| format!("（已说明待审批：{e}）"))
            );
        }
        if c.settlements_not_matching > 0 {
            println!("  与注销结算金额不符的结算发放：{} 笔", c.settlements_not_matching);
        }
    }
}
