//! Divisions and the working-day calendar.

use serde::{Deserialize, Serialize};

/// A division of the reference data (旗县, 苏木乡镇, 嘎查村 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionRow {
    pub code: String,
    pub name: String,
    pub level: String,
    /// The Mongolian name, where the reference data has one.
    pub name_mn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: chrono::NaiveDate,
    pub kind: domain::calendar::DayKind,
    pub note: String,
}
