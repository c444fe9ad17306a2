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
    HomeOnlineSoon => "网上办理需先完成实名认证；实名认证与通行密钥登录即将开通。",
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
    StaffIntro => "工作人员使用通行密钥登录后处理审核队列。以下为系统中的行政区划和工作日历。",
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
