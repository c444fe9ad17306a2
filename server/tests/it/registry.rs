//! Household registry import (G2, issue 3), on both engines.

use crate::support;
use crate::support::TestApp;
use app::backend::{infra::audit, infra::registry};

on_both_engines!(
    demo_registry_is_loaded,
    good_lines_are_booked_and_bad_lines_reported,
    the_same_file_twice_changes_nothing,
    a_newer_record_replaces_an_older_one,
    unreadable_files_are_refused_whole,
    the_subcommand_imports_a_file,
);

const HEADER: &str = "证件类型,证件号码,姓名,性别,出生日期,民族,户籍地址,村(社区)代码,联系电话,电子邮箱,死亡日期,记录日期";

fn by() -> domain::audit::AuditEntry {
    audit::system_entry("batch", "", None, None)
}

fn file(lines: &[&str]) -> String {
    format!("{HEADER}\n{}\n", lines.join("\n"))
}

const GOOD_1: &str = "居民身份证,11010519491231002X,赵淑珍,女,1949-12-31,满族,\"新城区海拉尔东路1号,2单元\",150102001001,13800000011,,,2026-10-01";
const GOOD_2: &str = "居民身份证,150102800101123,孙志强,男,1980-01-01,汉族,新城区海拉尔东路3号,150102001001,,sun@example.com,,2026-10-01";

async fn demo_registry_is_loaded(app: TestApp) {
    let people = app::backend::seed::demo::DEMO_REGISTRY.lines().skip(1).filter(|l| !l.trim().is_empty()).count() as i64;
    assert_eq!(app.count("registry_persons").await, people);
    let again = app::backend::seed::demo::load_demo_once(&app.db).await.unwrap();
    assert!(!again);
    assert_eq!(app.count("registry_persons").await, people, "loading the demo twice adds no one");
}

async fn good_lines_are_booked_and_bad_lines_reported(app: TestApp) {
    let before = app.count("registry_persons").await;
    let text = file(&[
        GOOD_1,
        "居民身份证,110105194912310021,钱某,女,1949-12-31,汉族,某地,150102001001,,,,2026-10-01",
        GOOD_2,
        "护照,E123,某人,男,1980-01-01,汉族,某地,150102001001,,,,2026-10-01",
        "居民身份证,11010519491231002X,赵淑珍,女,1949-12-31,满族,重复行,150102001001,,,,2026-10-01",
    ]);
    // The bureau sends GB18030.
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let r = app::backend::benefits::certification::import_registry(&app.db, "police-2026-10.csv", &bytes, support::test_today(), &by()).await.unwrap();
    assert_eq!(r.encoding, "GB18030");
    assert_eq!((r.total, r.added, r.updated, r.unchanged), (5, 2, 0, 0));
    let lines: Vec<i64> = r.rejected.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 5, 6], "line numbers count the header as line 1");
    assert!(r.rejected[0].1.contains("校验位"));
    assert!(r.rejected[1].1.contains("证件类型"));
    assert!(r.rejected[2].1.contains("与第 2 行的证件号码重复"));
    assert_eq!(app.count("registry_persons").await, before + 2);
    // The 15-digit number was stored in its 18-character form; the quoted
    // comma stayed inside the address.
    let stored = registry::report_of(&app.db, &r.batch_id, false).await.unwrap();
    assert_eq!(stored.rejected, r.rejected, "the bad lines are kept with the batch");
    use sqlx::Row;
    let addr: String =
        sqlx::query("SELECT address FROM registry_persons WHERE id_number = '11010519491231002X'").fetch_one(app.db.pool()).await.unwrap().get("address");
    assert_eq!(addr, "新城区海拉尔东路1号,2单元");
    let n = app.count("registry_persons WHERE id_number LIKE '15010219800101123%'").await;
    assert_eq!(n, 1);
    assert_eq!(audit::verify(&app.db).await.unwrap().map(|n| n >= 4), Ok(true), "the import is in the audit trail");
}

async fn the_same_file_twice_changes_nothing(app: TestApp) {
    let bytes = file(&[GOOD_1, GOOD_2]).into_bytes();
    let first = app::backend::benefits::certification::import_registry(&app.db, "a.csv", &bytes, support::test_today(), &by()).await.unwrap();
    let (persons, audits) = (app.count("registry_persons").await, app.count("audit_log").await);
    let second = app::backend::benefits::certification::import_registry(&app.db, "a-copy.csv", &bytes, support::test_today(), &by()).await.unwrap();
    assert!(second.already_imported);
    assert_eq!(second.batch_id, first.batch_id);
    assert_eq!((second.added, second.updated, second.unchanged), (0, 0, 2), "it names the earlier batch and adds nothing now");
    assert_eq!(app.count("registry_persons").await, persons);
    assert_eq!(app.count("audit_log").await, audits);
    assert_eq!(app.count("import_batches").await, 2, "the demo file and this one");
}

async fn a_newer_record_replaces_an_older_one(app: TestApp) {
    app::backend::benefits::certification::import_registry(&app.db, "1.csv", file(&[GOOD_1]).as_bytes(), support::test_today(), &by()).await.unwrap();
    // A month later the bureau reports the death and a new phone number.
    let newer = GOOD_1.replace("13800000011,,,2026-10-01", "13900000099,,2026-10-20,2026-11-01");
    let r = app::backend::benefits::certification::import_registry(&app.db, "2.csv", file(&[&newer]).as_bytes(), support::test_today(), &by()).await.unwrap();
    assert_eq!((r.added, r.updated), (0, 1));
    // An older extract arriving late does not undo it.
    let older = GOOD_1.replace("13800000011,,,2026-10-01", "13700000000,,,2026-09-01");
    let r = app::backend::benefits::certification::import_registry(&app.db, "0.csv", file(&[&older]).as_bytes(), support::test_today(), &by()).await.unwrap();
    assert_eq!((r.updated, r.unchanged), (0, 1));
    // The same record date with different content is a conflict to report.
    let clash = newer.replace("13900000099", "13911111111");
    let r = app::backend::benefits::certification::import_registry(&app.db, "3.csv", file(&[&clash]).as_bytes(), support::test_today(), &by()).await.unwrap();
    assert_eq!(r.rejected.len(), 1);
    assert!(r.rejected[0].1.contains("同一记录日期"));
    use sqlx::Row;
    let row = sqlx::query("SELECT phone, death_date FROM registry_persons WHERE id_number = '11010519491231002X'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(row.get::<String, _>("phone"), "13900000099");
    assert_eq!(row.get::<String, _>("death_date"), "2026-10-20");
}

async fn unreadable_files_are_refused_whole(app: TestApp) {
    let (imports, audits) = (app.count("import_batches").await, app.count("audit_log").await);
    let wrong_header = "姓名,证件号码\n张三,11010519491231002X\n";
    let e = app::backend::benefits::certification::import_registry(&app.db, "x.csv", wrong_header.as_bytes(), support::test_today(), &by()).await.unwrap_err();
    assert!(e.to_string().contains("表头不正确"), "{e}");
    let garbage = [0xFFu8, 0xFE, 0x00, 0x81, 0x30, 0xFF];
    let e = app::backend::benefits::certification::import_registry(&app.db, "x.csv", &garbage, support::test_today(), &by()).await.unwrap_err();
    assert_eq!(e.code, app::error::ErrorCode::Invalid);
    assert!(e.to_string().contains("编码") || e.to_string().contains("表头"), "{e}");
    let e = app::backend::benefits::certification::import_registry(&app.db, "x.csv", b"", support::test_today(), &by()).await.unwrap_err();
    assert!(e.to_string().contains("文件为空"), "{e}");
    assert_eq!(app.count("import_batches").await, imports, "nothing recorded");
    assert_eq!(app.count("audit_log").await, audits);
}

async fn the_subcommand_imports_a_file(app: TestApp) {
    let dir = std::env::temp_dir().join(format!("registry-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bureau.csv");
    std::fs::write(&path, format!("\u{feff}{}", file(&[GOOD_1, "bad,line"]))).unwrap();
    let out = app.run_cli(&["import-registry", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("新增 1"), "{stdout}");
    assert!(stdout.contains("第 3 行"), "{stdout}");
    let again = app.run_cli(&["import-registry", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("已于批次"));
    let missing = app.run_cli(&["import-registry", dir.join("nope.csv").to_str().unwrap()]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("无法读取文件"));
}
