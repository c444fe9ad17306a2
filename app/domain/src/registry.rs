//! Records of the household registry shared by the public security bureau
//! (G2): the basis of real-name checks. A data file has one record per line
//! in the columns of [`COLUMNS`]; [`parse_record`] checks one line and says
//! in Chinese what is wrong with it.

use crate::division::{DivisionCode, DivisionLevel};
use crate::id_number::{DocumentKind, DocumentNumber, IdNumber, Sex};
use chrono::NaiveDate;

/// The columns of a registry file, in order (header line required).
pub const COLUMNS: [&str; 12] =
    ["证件类型", "证件号码", "姓名", "性别", "出生日期", "民族", "户籍地址", "村(社区)代码", "联系电话", "电子邮箱", "死亡日期", "记录日期"];

#[derive(Clone, PartialEq, Eq)]
pub struct RegistryRecord {
    pub document: DocumentNumber,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub ethnicity: String,
    pub address: String,
    pub village: DivisionCode,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// `None`: alive as far as the bureau knows.
    pub death_date: Option<NaiveDate>,
    /// The bureau's date of this record; a newer one replaces an older one.
    pub record_date: NaiveDate,
}

impl std::fmt::Debug for RegistryRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryRecord").field("document", &self.document).finish_non_exhaustive()
    }
}

fn date(field: &str, s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y%m%d"))
        .map_err(|_| format!("{field}“{s}”不是有效日期，应为 YYYY-MM-DD"))
}

fn optional(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// Mainland mobile (11 digits from 1) or a landline (digits and one hyphen).
fn phone(s: &str) -> Result<String, String> {
    let mobile = s.len() == 11 && s.starts_with('1') && s.bytes().all(|b| b.is_ascii_digit());
    let landline = (7..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit() || b == b'-') && s.matches('-').count() <= 1;
    if mobile || landline { Ok(s.to_owned()) } else { Err(format!("联系电话“{s}”格式不正确")) }
}

fn email(s: &str) -> Result<String, String> {
    let ok = s
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.') && !host.contains('@'))
        && !s.contains(char::is_whitespace);
    if ok { Ok(s.to_owned()) } else { Err(format!("电子邮箱“{s}”格式不正确")) }
}

/// Checks one line of a registry file (already split into fields).
pub fn parse_record(fields: &[&str]) -> Result<RegistryRecord, String> {
    if fields.len() != COLUMNS.len() {
        return Err(format!("应有 {} 列，实际 {} 列", COLUMNS.len(), fields.len()));
    }
    let f = |i: usize| fields[i].trim();
    let kind = DocumentKind::from_label_or_code(f(0)).ok_or_else(|| format!("证件类型“{}”无法识别", f(0)))?;
    let document = DocumentNumber::parse(kind, f(1)).map_err(|e| e.to_string())?;
    let name = f(2);
    if name.is_empty() || name.chars().count() > 50 || name.chars().any(|c| c.is_ascii_digit() || c.is_control()) {
        return Err("姓名为空、过长或含有数字".into());
    }
    let sex = match f(3) {
        "男" => Sex::Male,
        "女" => Sex::Female,
        other => return Err(format!("性别“{other}”应为 男 或 女")),
    };
    let birth_date = date("出生日期", f(4))?;
    if matches!(kind, DocumentKind::ResidentId | DocumentKind::SocialSecurityCard) {
        let id = IdNumber::parse(document.as_str()).map_err(|e| e.to_string())?;
        if id.birth_date() != birth_date {
            return Err("出生日期与身份证号码不一致".into());
        }
        if id.sex() != sex {
            return Err("性别与身份证号码不一致".into());
        }
    }
    let ethnicity = f(5);
    if ethnicity.is_empty() {
        return Err("民族不能为空".into());
    }
    let address = f(6);
    if address.is_empty() {
        return Err("户籍地址不能为空".into());
    }
    let village =
        DivisionCode::parse(f(7)).ok().filter(|c| c.level() == DivisionLevel::Village).ok_or_else(|| format!("村(社区)代码“{}”应为12位数字", f(7)))?;
    let phone = optional(f(8)).map(phone).transpose()?;
    let email = optional(f(9)).map(email).transpose()?;
    let death_date = optional(f(10)).map(|d| date("死亡日期", d)).transpose()?;
    let record_date = date("记录日期", f(11))?;
    if let Some(d) = death_date
        && (d < birth_date || d > record_date)
    {
        return Err("死亡日期应在出生日期与记录日期之间".into());
    }
    Ok(RegistryRecord {
        document,
        name: name.to_owned(),
        sex,
        birth_date,
        ethnicity: ethnicity.to_owned(),
        address: address.to_owned(),
        village,
        phone,
        email,
        death_date,
        record_date,
    })
}

/// The ethnic groups of GB/T 3304 (56 groups, then 其他 and
/// 外国血统中国籍人士), for the forms and the E4 change.
pub const ETHNIC_GROUPS: [&str; 58] = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
    "外国血统中国籍人士",
];

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: [&str; 12] = [
        "居民身份证",
        "11010519491231002X",
        "张桂兰",
        "女",
        "1949-12-31",
        "蒙古族",
        "土默特左旗察素齐镇北只图村",
        "150121100201",
        "13800138000",
        "",
        "",
        "2026-10-01",
    ];

    fn with(i: usize, v: &'static str) -> Vec<&'static str> {
        let mut f = GOOD.to_vec();
        f[i] = v;
        f
    }

    #[test]
    fn a_good_line() {
        let r = parse_record(&GOOD).unwrap();
        assert_eq!(r.name, "张桂兰");
        assert_eq!(r.village.as_str(), "150121100201");
        assert_eq!(r.email, None);
        assert_eq!(r.death_date, None);
        assert_eq!(parse_record(&with(0, "resident_id")).unwrap(), r, "the code works as well as the name");
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases: [(usize, &'static str, &str); 11] = [
            (0, "身份证", "证件类型"),
            (1, "110105194912310021", "校验位"),
            (2, "", "姓名"),
            (3, "F", "性别"),
            (3, "男", "性别与身份证号码不一致"),
            (4, "1949-12-30", "出生日期与身份证号码不一致"),
            (7, "1501211002", "村(社区)代码"),
            (8, "12345", "联系电话"),
            (9, "a@b", "电子邮箱"),
            (10, "1940-01-01", "死亡日期"),
            (11, "2026-02-30", "记录日期"),
        ];
        for (i, v, expected) in cases {
            let err = parse_record(&with(i, v)).unwrap_err();
            assert!(err.contains(expected), "column {i} = {v}: {err}");
        }
        assert!(parse_record(&GOOD[..11]).unwrap_err().contains("应有 12 列"));
    }
}
