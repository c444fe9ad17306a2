//! All UI text goes through here (REQUIREMENTS §4: Chinese first, Mongolian
//! to follow). Components never hold literal text: they call [`t`] with a
//! [`Key`]. Each language is a column of the table below, so adding one
//! (for example `mn-Mong`) means adding a column: a missing entry is a
//! compile error, not a blank on screen.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
}

impl Lang {
    /// The value of `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
        }
    }
}

macro_rules! messages {
    ($($key:ident => $zh:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        pub fn text(lang: Lang, key: Key) -> &'static str {
            match lang {
                Lang::Zh => match key { $(Key::$key => $zh,)* },
            }
        }
    };
}

messages! {
    SiteName => "内蒙古城乡居民基本养老保险",
    SiteShortName => "城乡居民养老保险",
    SkipToContent => "跳到正文",
    NavHome => "首页",
    NavPolicy => "政策标准",
    NavStaff => "工作人员",
    LargeTextOn => "大字模式",
    LargeTextOff => "标准字号",
    LargeTextHint => "切换字号，设置会保存在本机",
    HomeTitle => "居民服务",
    HomeIntro => "参保登记、信息变更、查询打印对账单、待遇申领、恢复待遇、关系转入、注销登记，都可以在手机上办理，也可以到村（社区）、苏木乡镇（街道）便民服务点由工作人员帮您在自助终端上办理。",
    HomePolicyCard => "查看缴费档次和政府补贴标准",
    HomeAssisted => "不方便上网或行动不便的，可以请家人代办，或联系村（社区）协办员上门服务。",
    HomeOnlineSoon => "网上办理需先完成实名认证：用身份证件信息和验证码登录，再登记通行密钥，以后用指纹或面容即可登录。",
    PolicyTitle => "缴费档次与补贴标准",
    PolicyAsOf => "以下为当前执行的标准，执行日期：",
    PolicyTier => "缴费档次（元/年）",
    PolicySubsidy => "政府缴费补贴（元/年）",
    PolicyBasicPension => "基础养老金（元/月）",
    PolicyPensionAge => "待遇领取年龄（周岁）",
    PolicyMinYears => "最低累计缴费年限（年）",
    PolicyCollectiveCap => "集体补助与社会资助合计上限（元/年）",
    PolicyFuneralGrant => "丧葬补助金（元）：缴费不满最低年限 / 满最低年限",
    PolicyInterestRate => "本年度个人账户记账利率",
    PolicyInterestUnpublished => "本年度利率尚未公布",
    StaffTitle => "工作人员工作台",
    StaffIntro => "以下为系统中的行政区划和工作日历。",
    StaffDivisions => "行政区划",
    StaffCalendar => "工作日历（节假日与调休）",
    StaffCalendarDate => "日期",
    StaffCalendarKind => "类型",
    StaffCalendarNote => "说明",
    DayHoliday => "放假",
    DayWorkday => "调休上班",
    Loading => "正在加载…",
    NotFoundTitle => "页面不存在",
    NotFoundBody => "您访问的页面不存在或已移动。请返回首页重新选择要办理的业务。",
    BackHome => "返回首页",
    ErrorPrefix => "出错了：",
    FooterHelp => "咨询电话：12333（人力资源社会保障服务热线）",
    NavMe => "我的",
    SignInTitle => "登录",
    SignInPasskey => "用通行密钥登录",
    SignInPasskeyHint => "通行密钥保存在您的手机里，用指纹、面容或手机锁屏密码确认即可，不用记密码。",
    SignInPasskeyButton => "用通行密钥登录",
    SignInCode => "第一次使用，或换了手机",
    SignInCodeHint => "填写身份证件上的姓名和号码，系统与户籍登记信息核对后，把验证码发到您登记的电子邮箱。",
    SignInSendCode => "获取验证码",
    SignInWithCode => "验证并登录",
    SignInStaffNote => "工作人员请用本人的通行密钥登录。第一次登录请使用管理员发给您的登记链接。",
    SignInNoScript => "登录需要浏览器支持 JavaScript；如无法使用，请到村（社区）或苏木乡镇（街道）便民服务点办理。",
    SignOut => "退出登录",
    FieldName => "姓名",
    FieldDocumentKind => "证件类型",
    FieldDocumentNumber => "证件号码",
    FieldDocument => "证件",
    FieldCode => "验证码（6位数字）",
    FieldSex => "性别",
    FieldBirthDate => "出生日期",
    FieldEthnicity => "民族",
    FieldVillage => "村（社区）",
    FieldPhone => "联系电话",
    FieldEmail => "电子邮箱",
    FieldDeathDate => "死亡日期",
    MeTitle => "我的",
    MeHello => "您好，",
    MePasskeys => "我的通行密钥",
    MePasskeysHint => "换了手机或手机丢失时，请用验证码登录，登记新的通行密钥，并作废旧的。",
    MeNoPasskey => "您还没有通行密钥。登记后，下次用指纹或面容就能登录。",
    MeAddPasskey => "登记通行密钥",
    MePasskeyAdded => "登记时间：",
    MePasskeyUsed => "最近使用：",
    MeRevoke => "作废",
    Never => "从未使用",
    MeAgents => "代办",
    MeAgentsLink => "为已去世的亲属办理注销（继承人、指定受益人）",
    AgentsTitle => "代办关系",
    AgentsIntro => "亲属去世后，继承人或指定受益人可以在网上为其办理注销登记，领取个人账户余额和丧葬补助金。不需要提供死亡证明和亲属关系证明，但须如实承诺。",
    AgentsNone => "您还没有申报代办关系。",
    AgentsDeclare => "申报代办关系",
    AgentsPrincipalName => "已去世亲属的姓名",
    AgentsRelation => "您与其关系",
    RelationHeir => "继承人",
    RelationBeneficiary => "指定受益人",
    AgentsCommitment => "本人承诺：本人是被代办人的继承人或指定受益人，所提供的信息真实、准确、完整；如有隐瞒、虚报或冒领，本人愿退还全部款项并承担相应的法律责任。",
    AgentsCommit => "我已阅读并同意以上承诺",
    AgentsSubmit => "提交申报",
    AgentsDone => "已记录代办关系，被代办人：",
    KioskTitle => "自助终端",
    KioskNotRegistered => "本设备尚未登记为自助终端。请由系统管理员生成登记链接，在本设备上打开。",
    KioskLocked => "请工作人员解锁后为您办理。",
    KioskUnlock => "工作人员解锁",
    KioskStaff => "工作人员：",
    KioskIdentify => "核验居民身份",
    KioskIdNumber => "居民身份证号码",
    KioskAttest => "我已核验居民身份证原件，人证一致",
    KioskConfirm => "确认身份",
    KioskServing => "正在自助终端办理：",
    KioskFinish => "办理完毕",
    KioskMoreSoon => "参保登记、待遇申领等业务将陆续在自助终端开通。",
    KioskSetupTitle => "登记自助终端",
    KioskSetupHint => "请在要作为自助终端的设备上打开管理员给出的链接，然后点击下面的按钮。",
    KioskSetupButton => "登记本设备",
    EnrolTitle => "工作人员登记通行密钥",
    EnrolHint => "请用本人的手机或安全密钥登记。登记后，工作人员只能用通行密钥登录。",
    EnrolButton => "登记我的通行密钥",
    StaffJurisdiction => "管辖区划：",
    StaffSignIn => "工作人员请先用通行密钥登录",
    PersonsTitle => "辖区人员",
    PersonsLookup => "按证件号码查询",
    PersonsFind => "查询",
    PersonsList => "辖区人员名单（已脱敏）",
    Deceased => "（已故）",
    AdminTitle => "系统管理",
    AdminNewStaff => "新增工作人员",
    AdminLogin => "登录名",
    AdminRole => "角色",
    AdminJurisdiction => "管辖区划代码",
    AdminCreate => "创建并生成登记链接",
    AdminInviteLink => "请把这条链接只交给本人（7天内有效，只能使用一次）：",
    AdminStaffList => "工作人员",
    AdminPasskey => "通行密钥",
    AdminReinvite => "重新生成登记链接",
    AdminKiosk => "登记自助终端",
    AdminKioskName => "终端名称",
    AdminKioskTownship => "所在苏木乡镇（街道）代码（9位）",
    AdminKioskCreate => "生成设备登记链接",
    AdminKioskLink => "请在终端设备上打开（只能使用一次）：",
    AdminRegistry => "导入户籍登记信息",
    AdminRegistryHint => "CSV 文件，UTF-8 或 GB18030 编码，列见说明文档。同一文件重复导入不会重复记录；有问题的行会列出行号和原因，其余行照常导入。",
    AdminOtherSchemes => "导入参加其他基本养老保险人员名单",
    AdminOtherSchemesHint => "CSV 文件，列为：证件类型,证件号码,参加的养老保险。每次导入以文件内容替换整份名单；名单上的人员申请参保时会被告知原因并不予登记。",
    AttachChangeProof => "变更证明（户口簿变更页或公安机关证明）",
    StatementTitle => "个人账户对账单",
    StatementYear => "年度",
    StatementIssuer => "内蒙古自治区城乡居民基本养老保险经办机构",
    StatementIssuedOn => "出具日期：",
    StatementOpening => "年初余额（元）",
    StatementInterest => "本年利息（元）",
    StatementClosing => "年末余额（元）",
    StatementContributionYear => "计入缴费年限",
    StatementCounts => "计入",
    StatementNotCounted => "不计入（本年没有个人缴费）",
    StatementNoEntries => "本年度没有记账。",
    StatementDate => "记账日期",
    StatementKind => "项目",
    StatementAmount => "金额（元）",
    StatementQr => "核验二维码：用手机扫描可核验本对账单真伪",
    StatementDigest => "核验码：",
    StatementVerifyLink => "在线核验",
    StatementBalance => "账户余额（元）",
    StatementYears => "累计缴费年限（年）",
    StatementPrintHint => "打印时每个年度单独一页（A4）。每页的二维码可用手机扫描核验真伪。",
    StatementPrint => "打印对账单",
    StatementLink => "个人账户与对账单",
    VerifyTitle => "对账单核验",
    VerifyGenuine => "真实有效：本对账单由本系统出具，内容与账户记录一致。",
    VerifySuperseded => "本对账单由本系统出具，但账户此后有更正，请以最新对账单为准。",
    VerifyIssuer => "出具机构",
    AdminRegistryFile => "选择文件",
    FundTitle => "基金财务",
    FundPayments => "导入税务部门缴费明细",
    FundReconcile => "核对税务部门对账数据",
    FundReconcileHint => "CSV 文件，列为：缴入国库日期,笔数,个人缴费,政府代缴,政府补贴,集体补助,社会资助（本盟市每个缴入国库日期一行）。与本系统已记账的缴费明细逐日核对：一致的行计为“未变”，不一致的行列出两边的数字。核对不改动任何账目。",
    FundExport => "报送登记信息",
    FundExportHint => "把自上次报送以来新参保、信息变更（含缴费档次）和停保的人员，按当前登记信息生成报送税务部门的文件。报送前逐人校验，校验不通过的人员暂缓报送并说明原因，下次再报。",
    FundExportButton => "生成报送文件",
    FundExportDone => "已生成报送批次 ",
    FundExportDownload => "下载报送文件（CSV）",
    FundPaymentsHint => "CSV 文件，UTF-8 或 GB18030 编码，列为：证件类型,证件号码,姓名,缴费年度,缴费档次,个人缴费,政府代缴,政府补贴,集体补助,社会资助,缴入国库日期,税票号码。正确的行记入个人账户（按缴入国库日期），有问题的行列出行号和原因；同一文件或同一税票重复导入不会重复记账。",
    AdminRegistryUpload => "导入",
    AdminBatch => "批次：",
    AdminTotals => "共计 / 新增 / 更新 / 未变 / 退回：",
    AdminLine => "行号",
    AdminReason => "原因",
    AuditTitle => "审计日志查询",
    AuditAction => "操作（可填前缀，如 auth.）",
    AuditActor => "操作人（账户编号）",
    AuditSubject => "对象",
    AuditFrom => "起始日期",
    AuditTo => "截止日期",
    AuditSearch => "查询",
    AuditCount => "最近的记录（最多200条）：",
    AuditTime => "时间（UTC）",
    AuditChannel => "渠道",
    AttachIdFront => "身份证人像面（照片或PDF）",
    AttachIdBack => "身份证国徽面",
    AttachHukouHome => "户口簿首页",
    AttachHukouSelf => "户口簿本人页",
    AttachSignedForm => "本人签字（按印）的纸质登记表扫描件",
    EnrolTitle2 => "参保登记",
    EnrolIntro => "年满16周岁（不含在校学生）、未参加职工基本养老保险的城乡居民，可以在户籍地参加城乡居民基本养老保险。户籍登记信息中已有的内容不用再填。",
    EnrolFromRegistry => "户籍登记信息（自动获取，如有错误请到派出所更正）",
    EnrolHouseholdType => "户口性质",
    EnrolResidence => "现居住地址",
    EnrolTier => "缴费档次（元/年）",
    EnrolSpecial => "特殊群体（政府代缴）",
    EnrolSpecialNone => "不属于",
    EnrolBankCard => "银行卡号（今后发放待遇用）",
    EnrolAttachments => "上传材料（JPG、PNG 或 PDF，每个不超过 8 MB）",
    EnrolDeclare => "本人承诺所填信息真实有效（网上声明，视同签字确认）",
    EnrolSubmit => "提交申请",
    StaffEnrolTitle => "代为参保登记（窗口或上门）",
    StaffEnrolIntro => "为本辖区户籍居民代为登记：请上传本人签字或按指印的纸质《参保登记表》扫描件，并记录确认方式。",
    StaffEnrolConfirmation => "本人确认方式",
    CasesMine => "我的申请",
    CasesNone => "暂无申请。",
    CasesDeadline => "办结时限：",
    CasesReceived => "受理日期：",
    CasesOverdue => "（已超期）",
    CasesDueToday => "（今日到期）",
    QueueTitle => "待办审核",
    QueueCount => "待办件数：",
    CaseTitle => "申请详情",
    CaseState => "当前状态：",
    CaseNeeded => "需要补正：",
    CaseDocuments => "材料",
    CaseTimeline => "办理过程",
    CaseDecide => "审核",
    CaseDecision => "审核结果",
    CaseApprove => "通过",
    CaseReturn => "退回补正",
    CaseTerminate => "终止",
    CaseReason => "理由（退回或终止时必填，申请人会看到）",
    CaseSubmitDecision => "提交审核结果",
    CaseResubmit => "已补正，重新提交",
    CaseWithdraw => "撤回申请",
    CaseClaim => "认领本件",
    CaseRelease => "释放本件",
    CaseClaimedBy => "认领人：",
    QueueWaiting => "待办",
    QueueDueToday => "今日到期",
    QueueOverdue => "已超期",
    DetailsTitle => "变更性别、民族、居住地址、联系电话",
    DetailsHint => "已参保人员的性别、民族、居住地址和联系电话，提交即变更，只填要改的项。姓名、出生日期、证件号码的变更需要审核，请用下面的链接申请。",
    DetailsUnchanged => "不变",
    KeyChangeLink => "申请变更姓名、出生日期或证件号码（需审核）",
    KeyChangeTitle => "变更姓名、出生日期或证件号码",
    KeyChangeIntro => "只填要变更的项，其余留空。请上传户口簿变更页或公安机关出具的证明。旗县经办机构复核后，由全盟（市）审核人员审核，3个工作日内办结；通过后，您的参保记录、个人账户和办理记录都转到新的信息下，历史记录完整保留。",
    KeyChangeStaffTitle => "代为申请变更姓名、出生日期或证件号码",
    KeyChangeStaffIntro => "为本辖区参保人员代为申请：请填写本人现在的证件号码，上传变更证明和本人签字或按指印的申请表扫描件。",
    KeyChangeNewName => "新姓名",
    KeyChangeNewBirthDate => "新出生日期",
    KeyChangeNewKind => "新证件类型",
    KeyChangeNewNumber => "新证件号码",
    KeyChangeReason => "变更原因",
    KeyChangeCurrentNumber => "本人现在的证件号码",
    DetailsSubmit => "提交变更",
    DetailsDone => "已变更。",
    Notices => "消息",
    Yes => "有",
    No => "无",
}

/// The language of this page, from context (Chinese when none is set).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The text for `key` in the current language.
pub fn t(key: Key) -> &'static str {
    text(use_lang(), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_every_language() {
        for lang in [Lang::Zh] {
            for key in Key::ALL {
                assert!(!text(lang, *key).trim().is_empty(), "{key:?} is empty in {lang:?}");
            }
        }
    }
}
