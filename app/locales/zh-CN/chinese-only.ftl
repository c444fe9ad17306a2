# Messages written in Chinese only, with named arguments ({ $name }): those
# only staff read (the back office is Chinese only), and residents' messages
# that have no Mongolian yet (a Mongolian page shows them in Chinese;
# `server i18n export` lists them for the translator). A comment above each
# says where it is used.

# used in: prefs.rs
prefs-language-unsupported = 不支持这种语言

# used in: money/fund.rs
fund-choose-league-city = 基金按盟市核算：请指定盟市（4位区划代码）

# used in: money/fund.rs
fund-own-league-city-only = 只能查看、办理本盟市的基金账务

# used in: money/fund.rs
fund-date-format-example = { $field }的写法如：2025-06-02

# used in: money/fund.rs
fund-account-unknown = { $side }账户“{ $account }”不存在：应为 收入户、财政专户、支出户 或 利息收入

# used in: money/fund.rs
fund-only-transfers-and-interest = 这里只登记收入户、财政专户、支出户之间的划转和银行利息；缴费、待遇、转移等收支由业务数据自动记账

# used in: money/fund.rs
fund-amount-error = 金额：{ $error }

# used in: money/fund.rs
fund-amount-must-be-positive = 金额必须大于零

# used in: money/fund.rs
fund-enter-bank-receipt-number = 请填写银行回单号（不超过 40 个字符）

# used in: money/fund.rs
fund-summary-too-long = 摘要不超过 100 个字

# used in: money/fund.rs
fund-receipt-already-booked = 回单号 { $reference } 已记账（凭证 { $id }），内容不同：请核对回单

# used in: money/fund_reconciliation.rs
fund-reconciliation-period-invalid = 对账期间应为起止日期之间，且不超过一年

# used in: money/fund_reconciliation.rs
fund-reconciliation-year-out-of-range = 年度应在 2000 至 { $year } 之间

# used in: money/government_paid.rs
government-paid-year-invalid = 年度不正确

# used in: money/government_paid.rs
government-paid-tiers-not-set = 该年度的缴费档次未设置

# used in: money/government_paid.rs
government-paid-list-up-to-date = { $year } 年政府代缴名单已是最新：特殊群体名单中没有尚未列入的参保人员

# used in: money/government_paid.rs
government-paid-year-not-allowed = 只能生成 { $this_year } 年或 { $next_year } 年的政府代缴名单

# used in: money/registration.rs
registration-no-changes-to-report = 没有需要报送的登记变更

# used in: seed/demo.rs
demo-today-before-payment = 演示数据中有缴入国库日期为 { $last_payment } 的缴费记录：PENSION_TODAY（{ $today }）不能早于该日；请不设置 PENSION_TODAY，或设为该日以后

# used in: seed/demo.rs
demo-pension-cannot-determine = 演示领取人的养老金无法核定（{ $error }）：这个演示数据库是在 PENSION_TODAY 早于演示缴费日期时载入的，部分缴费从未入账；请删除该数据库（默认 data/pension.db）后重新启动

# used in: benefits/overpayments.rs, benefits/overpayments.rs, benefits/overpayments.rs
overpayment-not-found = 没有这笔冒领记录

# used in: benefits/overpayments.rs
overpayment-already-recorded = 此人的冒领记录已经建立，请在“冒领追回”中办理

# used in: benefits/overpayments.rs
overpayment-enter-refund-amount = 请填写退还金额（元，最多两位小数）

# used in: benefits/overpayments.rs
overpayment-refund-exceeds-owed = 退还金额超过尚欠的 { $outstanding } 元

# used in: benefits/overpayments.rs
overpayment-nothing-outstanding = 没有未退还的款项：责令退还后仍拒不退还的，才移交行政部门

# used in: benefits/overpayments.rs
overpayment-already-referred = 已经移交过行政部门

# used in: benefits/overpayments.rs
overpayment-invalid-action = 操作应为 recover、refund 或 referral

# used in: benefits/payroll/bank.rs
payroll-batch-not-checked = 批次 { $batch } 尚未通过与上月的比对（或比对有未说明的差异），不能发送银行

# used in: benefits/payroll/bank.rs
payroll-run-no-county-data = { $month } 第 { $run } 次发放尚无旗县数据

# used in: benefits/payroll/bank.rs
payroll-batch-just-voided = 批次 { $batch } 刚刚被作废，请重新生成银行文件

# used in: benefits/payroll/check.rs
payroll-check-no-county-data = { $month } 尚无旗县生成发放数据

# used in: benefits/payroll/check.rs
payroll-difference-not-found = 该批次的比对结果中没有这一笔未说明的差异：请先比对，再对列出的差异逐笔说明

# used in: benefits/payroll/check.rs
payroll-explanation-approved-locked = 这一笔的说明已经审批，不能再修改

# used in: benefits/payroll/check.rs
payroll-explanation-missing = 这一笔还没有说明：请先由基金财务人员写明差异的原因

# used in: benefits/payroll/check.rs
payroll-explanation-already-approved = 这一笔的说明已经审批

# used in: benefits/payroll/check.rs
payroll-explanation-self-approval = 说明须由另一名基金财务人员审批，不能审批自己写的说明

# used in: benefits/payroll/check.rs
payroll-county-no-month-data = { $county } 没有 { $month } 的发放数据

# used in: benefits/payroll/check.rs
payroll-batch-sent-cannot-void = 批次 { $id } 已发送银行，不能作废：发放有误的，按失败重发或追回多发待遇办理

# used in: benefits/payroll/check.rs
payroll-batch-just-sent-or-voided = 批次 { $id } 刚刚已被发送或作废

# used in: benefits/payroll/check.rs
payroll-explain-difference-reason = 请写明差异的原因（4–200 字），如：申领于上月发放数据生成前核准，本月起发

# used in: benefits/payroll/mod.rs
payroll-specify-county = 请指定旗县（6位区划代码）

# used in: benefits/payroll/mod.rs
payroll-specify-league = 请指定盟市（4位区划代码）

# used in: benefits/payroll/mod.rs
payroll-generate-needs-county = 待遇发放数据按旗县生成：请指定6位旗县区划代码

# used in: benefits/payroll/mod.rs
payroll-at-most-next-month = 最多生成下月（{ $next }）的发放数据

# used in: benefits/payroll/mod.rs
payroll-cannot-generate-earlier = 已生成 { $last_month } 的发放数据，不能再生成更早的 { $month }

# used in: benefits/payroll/mod.rs
payroll-previous-batch-not-sent = { $last_month } 的发放数据（批次 { $last_batch }）尚未发送银行：请先通过比对并发送；比对有差异的，说明并经审批，或更正后作废重新生成。之后才能生成 { $month }

# used in: benefits/payroll/mod.rs
payroll-cannot-skip-month = 发放月份不能跳过：请先生成 { $next } 的发放数据

# used in: benefits/payroll/mod.rs
payroll-basic-pension-not-raised = { $month } 基础养老金没有提高（{ $before } 元）：请先在政策参数中录入自 { $day } 起的新标准

# used in: benefits/payroll/mod.rs
payroll-adjust-before-generation = { $generated_month } 的发放数据已经生成：待遇调整须在 { $month } 发放数据生成之前进行

# used in: benefits/payroll/mod.rs
payroll-batch-not-found = 没有这个发放批次

# used in: benefits/payroll/mod.rs
payroll-only-own-league = 只能办理本盟市的待遇发放

# used in: benefits/payroll/mod.rs
payroll-batch-no-explanation-needed = 批次 { $id } 已{ $status }，不需要再说明差异

# used in: benefits/payroll/mod.rs
payroll-only-own-jurisdiction = 只能办理本辖区的待遇发放

# used in: oversight/archives.rs
archives-invalid-business-kind = 业务类型不正确

# used in: oversight/archives.rs
archives-year-four-digits = 年度应为四位数字

# used in: oversight/archives.rs
archives-not-found = 本辖区没有这份档案（案件办结并归档后才有档案）

# used in: oversight/archives.rs
archives-handover-year-invalid = 移交年度应为 1990 年以后的四位年份

# used in: oversight/archives.rs
archives-all-handed-over = { $year } 年及以前办结的永久、长期档案已全部移交（或尚未归档：请先归档）

# used in: oversight/archives.rs
archives-handover-batch-not-found = 本辖区没有这个移交批次

# used in: oversight/audit_trail.rs
audit-trail-named-date-format = { $name }应为 YYYY-MM-DD 格式的日期

# used in: oversight/risks.rs, oversight/risks.rs
risks-list-not-found = 没有这个风险清单

# used in: oversight/statistics.rs
statistics-no-jurisdiction = 没有辖区的账户不能查看统计

# used in: oversight/statistics.rs
statistics-only-own-jurisdiction = 只能查看本辖区的统计

# used in: oversight/statistics.rs
statistics-invalid-area-code = 统计最细到乡镇（街道）：请填写 2、4、6 或 9 位区划代码

# used in: oversight/statistics.rs
statistics-unknown-figure = 没有这项统计：figure 应为 league、county、age、tier、enrolled、paid、deadline、certification

# used in: oversight/statistics.rs
statistics-month-format-example = 月份的写法如：2025-05

# used in: infra/documents.rs
documents-kind-error = { $kind }：{ $error }

# used in: infra/exports.rs, infra/exports.rs
exports-batch-not-found = 没有这个批次

# used in: infra/imports.rs
imports-file-too-large = 文件超过 { $limit_mb } MB，请分批导入

# used in: infra/imports.rs
imports-unknown-encoding = 文件编码无法识别：请另存为 UTF-8 或 GB18030 编码的 CSV 文件后重新导入

# used in: infra/imports.rs
imports-empty-or-no-header = 文件为空或无法读取表头

# used in: infra/imports.rs
imports-wrong-header = 表头不正确，应为：{ $list }

# used in: infra/imports.rs, infra/imports.rs
imports-batch-not-found = 没有这个导入批次

# used in: infra/reference.rs
reference-year-out-of-range = 年份超出范围

# used in: api/identity/staff.rs
api-staff-unknown-list = 没有这种名单

# used in: api/benefits/payroll.rs
api-payroll-invalid-action = 操作应为 suspend、custody、resume、stop 或 community_correction

# used in: identity/persons.rs
identity-not-in-jurisdiction = 在您的管辖范围内没有找到该证件号码的人员

# used in: identity/auth/passkeys.rs
auth-passkey-expired = 通行密钥验证已失效或不属于本次操作，请返回重新开始

# used in: identity/auth/passkeys.rs
auth-passkey-failed = 通行密钥验证未通过。请使用本人登记过的通行密钥重试；如更换了手机，请用验证码登录后重新登记

# used in: cases/kinds/key_change.rs
key-change-birth-needs-new-id = 居民身份证号码含出生日期：变更出生日期须同时填写公安机关更正后的新身份证号码

# used in: cases/kinds/key_change.rs
key-change-birth-id-mismatch = 出生日期与新身份证号码不一致，请核对

# used in: web.rs
web-cross-site-refused = 请求来源不正确，已拒绝。请从本网站页面重新操作。

# used in: oversight/consultations.rs
consultations-network-hourly-limit = 本网络一小时内提交已超过 { $max } 件，请稍后再提交，或拨打咨询电话、到窗口办理

# used in: api/identity/staff.rs
staff-resident-verified = 已核验居民身份

# used in: api/identity/staff.rs
staff-account-disabled = 账户已停用，其所有登录已退出

# used in: api/identity/staff.rs
staff-account-restored = 账户已恢复使用

# used in: api/identity/staff.rs
staff-roles-changed = 角色已更改，下一次操作起生效

# used in: api/identity/staff.rs
staff-handover-print-requested = 已申请打印交接单，请另一位系统管理员批准并打印

# used in: api/identity/staff.rs
staff-conflict-declared = 已申报：涉及此人的业务将由其他工作人员办理

# used in: api/identity/staff.rs
staff-kiosk-disabled = 自助终端已停用，其上的登录已全部退出

# used in: api/benefits/payroll.rs
payroll-note-recorded = 已记录说明：须由另一名基金财务人员审批后生效

# used in: api/benefits/payroll.rs
payroll-raise-done = { $month } 起每月提高 { $delta } 元：调整 { $raised } 人，社区矫正或在押期间不调整 { $skipped } 人

# used in: api/identity/auth.rs
auth-signed-out = 已退出登录

# used in: api/identity/staff.rs
kiosk-registered = 本设备已登记为自助终端

# used in: api/identity/staff.rs
kiosk-session-ended = 办理完毕，已退出

# The fields of a filed change of name, birth date or document (the case page; residents read them too).
# used in: cases/kinds/key_change.rs
fact-old-name = 原姓名
# used in: cases/kinds/key_change.rs
fact-new-name = 新姓名
# used in: cases/kinds/key_change.rs
fact-old-birth-date = 原出生日期
# used in: cases/kinds/key_change.rs
fact-new-birth-date = 新出生日期
# used in: cases/kinds/key_change.rs
fact-old-document = 原证件
# used in: cases/kinds/key_change.rs
fact-new-document = 新证件
# used in: cases/kinds/key_change.rs
fact-change-reason = 变更原因
# used in: cases/kinds/deregistration.rs (a ground other than death)
fact-event-date = 发生日期
# used in: cases/kinds/deregistration.rs (a settlement's payment the bank returned)
settlement-payment-failed = 发放失败（{ $reason }）：更正银行卡后重新发放
