//! Staff accounts (REQUIREMENTS §2, 第十一章): made by an administrator with
//! roles and a jurisdiction, invited to their own address, disabled,
//! re-invited, and handed over to a successor with a second administrator.

use crate::backend::identity::auth::{Caller, hash_secret, new_secret};
use crate::backend::infra::clock::{new_id, now, ts};
use crate::backend::{AppState, infra::audit};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::model::{HandoverState, Invitation, NewStaff, StaffRow};
use chrono::Duration;
use domain::roles::check_assignment;
use domain::{DivisionCode, Role};
use sqlx::Row;

use crate::backend::identity::accounts::*;

/// Days an invitation to register a first passkey stays valid.
pub const INVITE_DAYS: i64 = 7;

/// A mail address as typed: trimmed, lower case, one that mail can go to.
pub(crate) fn parse_email(text: &str) -> AppResult<String> {
    let email = text.trim().to_ascii_lowercase();
    if email.len() > 254 || email.parse::<lettre::Address>().is_err() {
        return Err(AppError::invalid(msg::staff_enter_own_email()));
    }
    Ok(email)
}

pub(crate) fn parse_roles(roles: &[String], jurisdiction: &DivisionCode) -> AppResult<Vec<Role>> {
    let mut roles = roles.iter().map(|r| Role::parse(r).ok_or_else(|| AppError::invalid(msg::staff_unknown_role(r)))).collect::<AppResult<Vec<_>>>()?;
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(AppError::invalid(msg::staff_choose_role()));
    }
    check_assignment(&roles, jurisdiction).map_err(AppError::invalid)?;
    Ok(roles)
}

pub(crate) fn parse_staff(input: &NewStaff) -> AppResult<(String, String, Vec<Role>, DivisionCode, String)> {
    let login = input.login.trim().to_ascii_lowercase();
    let login_ok = (3..=32).contains(&login.len()) && login.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !login_ok {
        return Err(AppError::invalid(msg::staff_login_name_invalid()));
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AppError::invalid(msg::staff_enter_name()));
    }
    let jurisdiction = DivisionCode::parse(&input.jurisdiction).map_err(AppError::invalid)?;
    let roles = parse_roles(&input.roles, &jurisdiction)?;
    Ok((login, name.to_owned(), roles, jurisdiction, parse_email(&input.email)?))
}

/// An administrator creates a staff account inside their own jurisdiction;
/// the invitation to register a first passkey is mailed to the staff
/// member's own address (returned here only for the operator's command
/// line and the demo: the API and pages say where it went, never what it
/// is). A mail address already registered to another staff account is
/// refused: an administrator cannot invite themselves into a second role.
pub async fn create_staff(state: &AppState, caller: &Caller, input: &NewStaff) -> AppResult<Invitation> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let (login, name, roles, jurisdiction, email) = parse_staff(input)?;
    if !admin.covers(&jurisdiction) {
        return Err(AppError::new(ErrorCode::Forbidden, msg::staff_outside_jurisdiction()));
    }
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM divisions WHERE code = $1").bind(jurisdiction.as_str()).fetch_one(state.db.pool()).await?;
    if known == 0 {
        return Err(AppError::invalid(msg::staff_jurisdiction_code_unknown(jurisdiction)));
    }
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE kind = 'staff' AND email = $1").bind(&email).fetch_one(state.db.pool()).await?;
    if taken > 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::staff_email_already_used()));
    }
    let mut tx = state.db.begin_write().await?;
    let id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, kind, display_name, login, jurisdiction, created_at, created_by, email) \
         VALUES ($1, 'staff', $2, $3, $4, $5, $6, $7) ON CONFLICT (login) DO NOTHING",
    )
    .bind(&id)
    .bind(&name)
    .bind(&login)
    .bind(jurisdiction.as_str())
    .bind(ts(now()))
    .bind(&admin.account_id)
    .bind(&email)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::staff_login_name_taken(login)));
    }
    for role in &roles {
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)").bind(&id).bind(role.code()).execute(&mut *tx).await?;
    }
    let mut entry = caller.audit("staff.create", Some(id.clone()));
    entry.after = Some(
        serde_json::json!({ "login": login, "roles": roles.iter().map(|r| r.code()).collect::<Vec<_>>(), "jurisdiction": jurisdiction.as_str(), "email": email })
            .to_string(),
    );
    audit::append(&mut tx, &entry).await?;
    let invitation = invite_in(&mut tx, &id, "mail").await?;
    tx.commit().await?;
    mail_invitation(state, &email, &name, &invitation, false).await;
    Ok(invitation)
}

/// A new invitation (`via` `mail` or `handover`); older unused ones are void.
pub(crate) async fn invite_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account_id: &str, via: &str) -> AppResult<Invitation> {
    let (token, now) = (new_secret(), now());
    let expires_at = ts(now + Duration::days(INVITE_DAYS));
    sqlx::query("UPDATE staff_invites SET voided_at = $2 WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL")
        .bind(account_id)
        .bind(ts(now))
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO staff_invites (token_hash, account_id, created_at, expires_at, via) VALUES ($1, $2, $3, $4, $5)")
        .bind(hash_secret(&token))
        .bind(account_id)
        .bind(ts(now))
        .bind(&expires_at)
        .bind(via)
        .execute(&mut **tx)
        .await?;
    Ok(Invitation { account_id: account_id.to_owned(), token, expires_at })
}

/// The invitation, to the staff member's own address (staff work in
/// Chinese; the page they open switches language).
pub(crate) async fn mail_invitation(state: &AppState, email: &str, name: &str, invitation: &Invitation, again: bool) {
    let subject = if again { "您的工作人员账户已重新邀请" } else { "请登记您的工作人员通行密钥" };
    let body = format!(
        "{name}，您好：\n\n{}请在 {} 前用本人的手机或电脑打开下面的链接，登记通行密钥（指纹、面容或屏幕锁）：\n\n{}/staff/enrol#{}\n\n\
         链接只能使用一次。如果您没有申请，请立即联系本级系统管理员。\n",
        if again {
            "系统管理员为您重新发出了登记链接，此前的通行密钥和登录已作废。"
        } else {
            "系统管理员已为您开设养老保险经办系统的工作人员账户。"
        },
        crate::backend::infra::clock::local_time(&invitation.expires_at),
        state.public_url,
        invitation.token,
    );
    if let Err(e) = state.mail.send(email, subject, &body).await {
        tracing::error!("staff invitation not delivered: {e}");
    }
}

/// A staff account the administrator may manage: inside their
/// jurisdiction, and not their own (nobody changes their own roles or
/// access). Anything else is "not found".
pub(crate) async fn managed_staff(state: &AppState, admin: &crate::backend::identity::auth::Principal, login: &str) -> AppResult<ManagedStaff> {
    let not_found = || AppError::not_found(msg::staff_login_name_not_found());
    let row = sqlx::query("SELECT id, display_name, jurisdiction, email FROM accounts WHERE kind = 'staff' AND login = $1")
        .bind(login.trim().to_ascii_lowercase())
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(not_found)?;
    let get = |c: &str| row.try_get::<Option<String>, _>(c).map_err(AppError::internal);
    let jurisdiction = DivisionCode::parse(&get("jurisdiction")?.unwrap_or_default()).map_err(AppError::internal)?;
    if !admin.covers(&jurisdiction) {
        return Err(not_found());
    }
    let id = get("id")?.unwrap_or_default();
    if id == admin.account_id {
        return Err(AppError::new(ErrorCode::Forbidden, msg::staff_cannot_change_own_account()));
    }
    Ok(ManagedStaff { id, name: get("display_name")?.unwrap_or_default(), jurisdiction, email: get("email")? })
}

pub(crate) struct ManagedStaff {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) jurisdiction: DivisionCode,
    pub(crate) email: Option<String>,
}

/// A new invitation for an existing staff member (a lost passkey): their
/// passkeys are revoked, their sessions end, older invitations are void,
/// and the new one goes to their own address.
pub async fn reinvite_staff(state: &AppState, caller: &Caller, login: &str) -> AppResult<Invitation> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let staff = managed_staff(state, admin, login).await?;
    let email = staff.email.clone().ok_or_else(|| AppError::new(ErrorCode::Conflict, msg::staff_no_email_use_handover()))?;
    let mut tx = state.db.begin_write().await?;
    revoke_all_passkeys(&mut tx, &staff.id).await?;
    end_everything(&mut tx, &staff.id, None).await?;
    audit::append(&mut tx, &caller.audit("staff.reinvite", Some(staff.id.clone()))).await?;
    let invitation = invite_in(&mut tx, &staff.id, "mail").await?;
    tx.commit().await?;
    mail_invitation(state, &email, &staff.name, &invitation, true).await;
    Ok(invitation)
}

pub(crate) async fn revoke_all_passkeys(tx: &mut sqlx::Transaction<'_, sqlx::Any>, account_id: &str) -> AppResult<()> {
    sqlx::query("UPDATE passkeys SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL").bind(account_id).bind(ts(now())).execute(&mut **tx).await?;
    Ok(())
}

/// Where an invitation went, for the administrator: the address masked.
pub fn mailed_to(invitation: &Invitation, email: Option<&str>) -> String {
    format!(
        "登记链接已发送至工作人员本人的邮箱 {}，{} 前有效",
        email.map(domain::id_number::mask_email).unwrap_or_default(),
        crate::backend::infra::clock::local_time(&invitation.expires_at)
    )
}

/// The registered address of a staff account (for [`mailed_to`]).
pub async fn email_of(state: &AppState, account_id: &str) -> AppResult<Option<String>> {
    sqlx::query_scalar::<_, Option<String>>("SELECT email FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(state.db.pool())
        .await
        .map_err(AppError::internal)
}

/// Disables a staff account: it cannot sign in, its sessions end at once,
/// its invitations are void. Its passkeys stay, for [`enable_staff`].
pub async fn disable_staff(state: &AppState, caller: &Caller, login: &str, reason: &str) -> AppResult<()> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(AppError::invalid(msg::staff_enter_disable_reason()));
    }
    let staff = managed_staff(state, admin, login).await?;
    let mut tx = state.db.begin_write().await?;
    let n = sqlx::query("UPDATE accounts SET disabled_at = $2, disabled_by = $3, disabled_reason = $4 WHERE id = $1 AND disabled_at IS NULL")
        .bind(&staff.id)
        .bind(ts(now()))
        .bind(&admin.account_id)
        .bind(reason)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::staff_account_already_disabled()));
    }
    end_everything(&mut tx, &staff.id, None).await?;
    let mut entry = caller.audit("staff.disable", Some(staff.id.clone()));
    entry.after = Some(reason.to_owned());
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// Enables a disabled staff account again (its passkeys sign in again).
pub async fn enable_staff(state: &AppState, caller: &Caller, login: &str) -> AppResult<()> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let staff = managed_staff(state, admin, login).await?;
    let mut tx = state.db.begin_write().await?;
    let n = sqlx::query("UPDATE accounts SET disabled_at = NULL, disabled_by = NULL, disabled_reason = NULL WHERE id = $1 AND disabled_at IS NOT NULL")
        .bind(&staff.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::staff_account_not_disabled()));
    }
    audit::append(&mut tx, &caller.audit("staff.enable", Some(staff.id.clone()))).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// Replaces a staff member's roles (checked against their jurisdiction and
/// the incompatible pairs); they apply from the next request.
pub async fn set_staff_roles(state: &AppState, caller: &Caller, login: &str, roles: &[String]) -> AppResult<()> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let staff = managed_staff(state, admin, login).await?;
    let roles = parse_roles(roles, &staff.jurisdiction)?;
    let mut tx = state.db.begin_write().await?;
    let before: Vec<String> =
        sqlx::query_scalar("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role").bind(&staff.id).fetch_all(&mut *tx).await?;
    sqlx::query("DELETE FROM account_roles WHERE account_id = $1").bind(&staff.id).execute(&mut *tx).await?;
    for role in &roles {
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)").bind(&staff.id).bind(role.code()).execute(&mut *tx).await?;
    }
    let mut entry = caller.audit("staff.roles", Some(staff.id.clone()));
    entry.before = Some(before.join(","));
    entry.after = Some(roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(","));
    audit::append(&mut tx, &entry).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// One administrator asks for a printed hand-over of a new invitation (a
/// staff member without a mail address, or whose mail does not arrive);
/// another approves it ([`approve_handover`]).
pub async fn request_handover(state: &AppState, caller: &Caller, login: &str) -> AppResult<()> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let staff = managed_staff(state, admin, login).await?;
    let mut tx = state.db.begin_write().await?;
    let n = sqlx::query("INSERT INTO staff_handovers (id, account_id, requested_by, requested_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(new_id())
        .bind(&staff.id)
        .bind(&admin.account_id)
        .bind(ts(now()))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::staff_handover_requested()));
    }
    audit::append(&mut tx, &caller.audit("staff.handover_request", Some(staff.id.clone()))).await?;
    tx.commit().await.map_err(AppError::internal)
}

/// A second administrator approves a hand-over: a new invitation (as
/// [`reinvite_staff`]: passkeys revoked, sessions ended), returned to be
/// printed and handed to the staff member, who is told by mail if they
/// have an address.
pub async fn approve_handover(state: &AppState, caller: &Caller, login: &str) -> AppResult<(String, Invitation)> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let staff = managed_staff(state, admin, login).await?;
    let mut tx = state.db.begin_write().await?;
    let requested_by: Option<String> = sqlx::query_scalar("SELECT requested_by FROM staff_handovers WHERE account_id = $1 AND approved_at IS NULL")
        .bind(&staff.id)
        .fetch_optional(&mut *tx)
        .await?;
    match requested_by {
        None => return Err(AppError::not_found(msg::staff_no_pending_handover())),
        Some(by) if by == admin.account_id => {
            return Err(AppError::new(ErrorCode::Forbidden, msg::staff_handover_needs_other_admin()));
        }
        Some(_) => {}
    }
    // Nor by the one who made the account (who could have chosen its mail
    // address): the hand-over is a second person's check.
    let created_by: String = sqlx::query_scalar("SELECT created_by FROM accounts WHERE id = $1").bind(&staff.id).fetch_one(&mut *tx).await?;
    if created_by == admin.account_id {
        return Err(AppError::new(ErrorCode::Forbidden, msg::staff_handover_needs_other_admin()));
    }
    let approved =
        sqlx::query("UPDATE staff_handovers SET approved_by = $2, approved_at = $3 WHERE account_id = $1 AND approved_at IS NULL AND requested_by <> $2")
            .bind(&staff.id)
            .bind(&admin.account_id)
            .bind(ts(now()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if approved != 1 {
        return Err(AppError::new(ErrorCode::Conflict, msg::staff_handover_already_approved()));
    }
    revoke_all_passkeys(&mut tx, &staff.id).await?;
    end_everything(&mut tx, &staff.id, None).await?;
    audit::append(&mut tx, &caller.audit("staff.handover_approve", Some(staff.id.clone()))).await?;
    let invitation = invite_in(&mut tx, &staff.id, "handover").await?;
    tx.commit().await?;
    if let Some(email) = &staff.email {
        let body = format!(
            "{}，您好：\n\n系统管理员已为您打印工作人员账户的登记交接单，此前的通行密钥和登录已作废。\n如果您没有收到交接单，请立即联系本级系统管理员。\n",
            staff.name
        );
        if let Err(e) = state.mail.send(email, "您的工作人员账户交接单已打印", &body).await {
            tracing::error!("hand-over notice not delivered: {e}");
        }
    }
    Ok((staff.name, invitation))
}

/// The staff member registered their first passkey from an invitation: they
/// are told by mail, and every administrator over their jurisdiction in
/// the app (one who invited themselves is seen).
pub async fn tell_staff_enrolled(state: &AppState, account_id: &str) {
    let told = async {
        let (login, name, jurisdiction, email): (String, String, String, Option<String>) =
            sqlx::query_as("SELECT login, display_name, jurisdiction, email FROM accounts WHERE id = $1").bind(account_id).fetch_one(state.db.pool()).await?;
        let admins: Vec<(String, String)> = sqlx::query_as(
            "SELECT a.id, a.jurisdiction FROM accounts a JOIN account_roles r ON r.account_id = a.id \
             WHERE r.role = 'administrator' AND a.disabled_at IS NULL AND a.id <> $1",
        )
        .bind(account_id)
        .fetch_all(state.db.pool())
        .await?;
        let text = msg::staff_invitation_used_notice(&name, &login);
        let mut tx = state.db.begin_write().await?;
        for (admin, _) in admins.iter().filter(|(_, over)| jurisdiction.starts_with(over.as_str())) {
            crate::backend::infra::notices::notify(&mut tx, admin, "", text.clone()).await?;
        }
        tx.commit().await?;
        if let Some(email) = email {
            let body = format!("{name}，您好：\n\n您的工作人员账户（{login}）刚刚登记了通行密钥。如果不是您本人操作，请立即联系本级系统管理员。\n");
            state.mail.send(&email, "您的工作人员账户已启用", &body).await.map_err(AppError::internal)?;
        }
        Ok::<(), AppError>(())
    };
    if let Err(e) = told.await {
        tracing::error!("staff enrolment not told: {e}");
    }
}

/// Staff inside the administrator's jurisdiction.
pub async fn list_staff(state: &AppState, caller: &Caller) -> AppResult<Vec<StaffRow>> {
    let admin = caller.staff_with(&[Role::Administrator])?;
    let prefix = format!("{}%", admin.jurisdiction.as_ref().map_or("", |j| j.as_str()));
    let rows = sqlx::query(
        "SELECT a.id, a.login, a.display_name, a.jurisdiction, a.email, a.disabled_at, a.disabled_reason, \
         (SELECT COUNT(*) FROM passkeys p WHERE p.account_id = a.id AND p.revoked_at IS NULL) AS keys, \
         (SELECT h.requested_by FROM staff_handovers h WHERE h.account_id = a.id AND h.approved_at IS NULL) AS handover \
         FROM accounts a WHERE a.kind = 'staff' AND a.jurisdiction LIKE $1 ORDER BY a.jurisdiction, a.login",
    )
    .bind(prefix)
    .fetch_all(state.db.pool())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let get = |c: &str| r.try_get::<Option<String>, _>(c).map_err(AppError::internal);
        let id = get("id")?.unwrap_or_default();
        let roles: Vec<Role> = sqlx::query_scalar::<_, String>("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role")
            .bind(&id)
            .fetch_all(state.db.pool())
            .await?
            .iter()
            .filter_map(|r| Role::parse(r))
            .collect();
        out.push(StaffRow {
            login: get("login")?.unwrap_or_default(),
            name: get("display_name")?.unwrap_or_default(),
            roles: roles.iter().map(|r| r.label().to_owned()).collect(),
            role_codes: roles.iter().map(|r| r.code().to_owned()).collect(),
            jurisdiction: get("jurisdiction")?.unwrap_or_default(),
            has_passkey: r.try_get::<i64, _>("keys")? > 0,
            email: get("email")?.as_deref().map(domain::id_number::mask_email),
            disabled: get("disabled_at")?
                .map(|at| format!("{}（{}）", crate::backend::infra::clock::local_time(&at), get("disabled_reason").ok().flatten().unwrap_or_default())),
            handover: get("handover")?.map(|by| if by == admin.account_id { HandoverState::AskedByMe } else { HandoverState::AskedByOther }),
        });
    }
    Ok(out)
}

/// The system itself acting as the region's administrator: for the first
/// administrator and the demo accounts only.
pub fn system_caller() -> Caller {
    Caller {
        principal: Some(crate::backend::identity::auth::Principal {
            session: String::new(),
            account_id: "system".into(),
            name: "system".into(),
            kind: crate::backend::identity::auth::AccountKind::Staff,
            person: None,
            roles: vec![Role::Administrator],
            jurisdiction: DivisionCode::parse("15").ok(),
            kiosk: None,
            served: None,
        }),
        ip: None,
        channel: "system",
        lang: crate::i18n::Lang::Zh,
    }
}

/// The first administrator, made from the command line (nobody can sign
/// in to make them). Refused when an administrator already exists.
pub async fn bootstrap_admin(state: &AppState, login: &str, name: &str, jurisdiction: &str, email: &str) -> AppResult<Invitation> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account_roles WHERE role = 'administrator'").fetch_one(state.db.pool()).await?;
    if existing > 0 {
        return Err(AppError::new(ErrorCode::Conflict, msg::staff_admin_already_exists()));
    }
    let system = system_caller();
    let input = NewStaff {
        login: login.to_owned(),
        name: name.to_owned(),
        roles: vec![Role::Administrator.code().to_owned()],
        jurisdiction: jurisdiction.to_owned(),
        email: email.to_owned(),
    };
    create_staff(state, &system, &input).await
}
