# Messages the server writes for residents, in Chinese: refusals and
# confirmations, with named arguments ({ $name }). Every id here must also be
# in ../mn-Mong/messages.ftl with the same arguments (the build checks). A
# comment above each says where it is used.

# used in: identity/accounts.rs
identity-passkey-not-found = 没有找到这个通行密钥，可能已经作废

# used in: identity/accounts.rs
identity-choose-relationship = 请选择关系：本人、配偶、父母、子女、兄弟姐妹或其他亲属

# used in: identity/accounts.rs
identity-person-already-declared = 已申报过这个人

# used in: identity/accounts.rs
identity-session-not-found = 没有找到这个登录，可能已经退出

# used in: identity/agency.rs
identity-agency-agent-must-log-in = 代办关系须由代办人本人登录后申报

# used in: identity/agency.rs, cases/kinds/deregistration.rs
identity-agency-confirm-pledge = 请阅读并确认承诺书

# used in: identity/agency.rs
identity-agency-not-for-self = 不能为本人申报代办关系

# used in: identity/agency.rs
identity-agency-daily-limit-reached = 今天申报代办关系的次数已达上限（10次），请明天再试

# used in: identity/agency.rs
identity-agency-already-declared = 您已申报过为这位人员代办

# used in: identity/agency.rs
identity-agency-not-found = 没有找到这条代办关系

# used in: identity/kiosks.rs
kiosk-need-township-code = 自助终端应设在苏木乡镇(街道)：请填写9位区划代码

# used in: identity/kiosks.rs
kiosk-outside-jurisdiction = 只能在本人管辖范围内设置自助终端

# used in: identity/kiosks.rs
kiosk-enter-name = 请填写终端名称，如“察素齐镇便民服务中心1号机”

# used in: identity/kiosks.rs
kiosk-not-found = 没有找到这台自助终端

# used in: identity/kiosks.rs
kiosk-already-disabled = 这台自助终端已经停用

# used in: identity/kiosks.rs
kiosk-setup-code-invalid = 设置码无效或已使用，请联系系统管理员重新生成

# used in: identity/kiosks.rs
kiosk-must-be-unlocked = 只能在已由工作人员解锁的自助终端上办理

# used in: identity/kiosks.rs
kiosk-staff-verify-id-card = 请工作人员核验居民身份证原件后勾选确认

# used in: identity/kiosks.rs
kiosk-name-id-mismatch = 姓名与证件号码和户籍登记信息不一致，请核对身份证后重新录入

# used in: identity/kiosks.rs
kiosk-resident-outside-area = 本终端只能为本辖区的居民办理：请到户籍所在地或参保地的便民服务窗口办理

# used in: identity/persons.rs
identity-staff-verify-first = 请先由工作人员核验居民身份

# used in: identity/persons.rs
identity-no-household-record = 户籍登记信息中暂时没有您的记录，请到村(社区)或乡镇服务窗口核实

# used in: identity/staff.rs
staff-enter-own-email = 请填写工作人员本人的电子邮箱，如 zhang.san@example.com：登记链接只发往这个邮箱

# used in: identity/staff.rs
staff-unknown-role = 没有这个角色：{ $role }

# used in: identity/staff.rs
staff-choose-role = 请至少选择一个角色

# used in: identity/staff.rs
staff-login-name-invalid = 登录名应为3–32位字母、数字或 . _ -

# used in: identity/staff.rs
staff-enter-name = 请填写工作人员姓名

# used in: identity/staff.rs
staff-outside-jurisdiction = 只能在本人管辖范围内设置工作人员

# used in: identity/staff.rs
staff-jurisdiction-code-unknown = 区划代码 { $jurisdiction } 不在区划表中，请先维护区划

# used in: identity/staff.rs
staff-email-already-used = 这个邮箱已登记给另一位工作人员：每位工作人员用本人的邮箱

# used in: identity/staff.rs
staff-login-name-taken = 登录名 { $login } 已被使用

# used in: identity/staff.rs
staff-login-name-not-found = 没有这个登录名的工作人员

# used in: identity/staff.rs
staff-cannot-change-own-account = 不能更改本人的账户：请由另一位系统管理员办理

# used in: identity/staff.rs
staff-no-email-use-handover = 这位工作人员没有登记邮箱：请改用打印交接单（需另一位系统管理员批准）

# used in: identity/staff.rs
staff-enter-disable-reason = 请写明停用原因（如 调离、退休），200字以内

# used in: identity/staff.rs
staff-account-already-disabled = 这个账户已经停用

# used in: identity/staff.rs
staff-account-not-disabled = 这个账户没有停用

# used in: identity/staff.rs
staff-handover-requested = 已申请打印交接单，等待另一位系统管理员批准

# used in: identity/staff.rs
staff-no-pending-handover = 没有待批准的交接单申请

# used in: identity/staff.rs, identity/staff.rs
staff-handover-needs-other-admin = 交接单须由另一位系统管理员批准

# used in: identity/staff.rs
staff-handover-already-approved = 这份交接单已由他人批准，请刷新后查看

# used in: identity/staff.rs
staff-admin-already-exists = 已有系统管理员；其他账户请由管理员在页面上创建

# used in: identity/auth/codes.rs
auth-enter-name-as-on-id = 请填写与身份证件一致的姓名

# used in: identity/auth/codes.rs, cases/engine.rs, pages/staff_work.rs
auth-choose-document-kind = 请选择证件类型

# used in: identity/auth/mod.rs
auth-log-in-first = 请先登录后再办理

# used in: identity/auth/mod.rs
auth-new-passkey-money-wait = 为防止他人冒用，新登记的通行密钥自 { $from } 起才能办理涉及资金的业务；如急需办理，请携带居民身份证到便民服务窗口

# used in: identity/auth/mod.rs
auth-no-permission = 您没有办理此项业务的权限；如有疑问，请联系所在地社保经办机构

# used in: identity/auth/passkeys.rs
auth-no-passkey-on-kiosk = 自助终端上不能登记通行密钥

# used in: identity/auth/passkeys.rs
auth-passkey-exists-code-login = 您已登记过通行密钥：用验证码登录时不能再添加新的通行密钥，以防他人冒用。请用已有的通行密钥登录后添加；通行密钥丢失的，请携带居民身份证到便民服务窗口，由工作人员核验后办理

# used in: identity/auth/passkeys.rs, identity/auth/passkeys.rs
auth-invite-link-invalid = 邀请链接无效、已使用或已过期，请联系系统管理员重新生成

# used in: identity/auth/passkeys.rs, identity/auth/passkeys.rs
auth-passkey-already-registered = 这个通行密钥已经登记过，不能重复登记

# used in: identity/auth/passkeys.rs
auth-kiosk-unlock-by-local-staff = 本自助终端须由本地工作人员用本人通行密钥解锁

# used in: identity/auth/throttle.rs
auth-too-many-attempts = 尝试次数过多，为保护您的账户已暂停，请{ $minutes }分钟后再试；急需办理可到村(社区)或乡镇服务窗口

# used in: money/fund.rs, benefits/pensions.rs
fund-date-in-future = 日期不能晚于今天

# used in: money/fund.rs
fund-receipt-entry-mismatch = 与另一位基金财务人员录入的回单 { $reference } 不一致（{ $from_account } → { $to_account }，{ $amount } 元，{ $date }）：请核对回单

# used in: money/interest.rs
interest-rate-missing-for-year = { $year } 年度记账利率尚未录入，无法结算利息：请管理员先录入

# used in: money/interest.rs
interest-no-published-rate = 没有已公布的记账利率，无法结算利息：请管理员先录入

# used in: money/interest.rs
interest-year-not-ended = { $year } 年度尚未结束，年度结息须在次年办理

# used in: money/interest.rs
interest-rate-not-in-policy = 政策参数中没有 { $year } 年度的记账利率，请管理员先录入

# used in: money/interest.rs
interest-rate-too-many-decimals = { $year } 年度记账利率 { $rate } 的小数位过多，请管理员核对政策参数

# used in: money/ledger.rs
ledger-tier-year-not-allowed = 只能选择 { $this_year } 年或 { $next_year } 年的缴费档次

# used in: money/ledger.rs, cases/kinds/back_payment.rs, cases/kinds/enrolment.rs
ledger-tier-not-standard = 缴费档次应为当前标准之一：{ $list } 元/年

# used in: money/ledger.rs, cases/kinds/back_payment.rs, cases/kinds/benefit_claim.rs
ledger-not-enrolled = 尚未参保：请先办理参保登记

# used in: money/statements.rs
statements-not-found = 查无此对账单：该对账单不是本系统出具的，或二维码已被改动
statements-code-malformed = 核验码应为 16 位字母和数字（如 7K3M-Q9XD-2HVB-T4NE），请对照对账单重新输入

# used in: money/statements.rs
statements-interest-not-booked = { $year } 年度利息尚未记账：请先运行 interest --year { $year_to_run }，再寄送对账单

# used in: money/statements.rs
statements-no-account-yet = 您还没有个人账户：参保登记审核通过后开立

# used in: cases/engine.rs
case-changed-refresh = 本件刚刚已由他人处理或已变化，请刷新后查看最新状态

# used in: cases/engine.rs
case-not-found-or-forbidden = 没有找到这件申请，或您无权查看

# used in: cases/engine.rs
case-record-signature-or-fingerprint = 请记录本人在纸质登记表上签字还是按指印

# used in: cases/engine.rs
case-record-kiosk-confirmation = 请工作人员记录居民在终端上签名还是按指印（见“居民确认方式”）

# used in: cases/engine.rs, api/identity/staff.rs
case-document-kind-invalid = 证件类型不正确

# used in: cases/engine.rs
case-enter-field = 请填写{ $field }

# used in: cases/engine.rs
case-field-single-line = { $field }只能写在一行内

# used in: cases/engine.rs
case-already-in-progress = 已有一件正在办理的{ $case_type }申请，请在“我的申请”中查看进度

# used in: cases/engine.rs
case-claim-status-changed = 认领状态已变化，请刷新后查看

# used in: cases/kinds/account_check.rs
account-check-enter-year = 请填写有疑问的年度（1990–{ $this_year }）

# used in: cases/kinds/account_check.rs
account-check-upload-evidence = 请上传{ $evidence }

# used in: cases/kinds/account_check.rs, cases/kinds/back_payment.rs, cases/kinds/key_change.rs
account-check-upload-signed-form = 请上传{ $signed_form }

# used in: cases/kinds/account_check.rs
account-check-no-account-yet = 尚无个人账户：参保登记审核通过后才能申请账户核查

# used in: cases/kinds/account_check.rs, cases/kinds/back_payment.rs, cases/kinds/benefit_claim.rs
account-check-own-area-only = 只能为本辖区参保人员代为申请

# used in: cases/kinds/account_check.rs
account-check-correction-amount-invalid = 更正金额应为元，最多两位小数（调减写负数，无需更正写 0），且不超过 100000 元

# used in: cases/kinds/account_check.rs
account-check-conclusion-first-review-only = 只有初审环节的账户核查申请可以填写核查结论

# used in: cases/kinds/account_check.rs
account-check-conclusion-required = 请先填写核查结论（答复和更正金额），再通过初审

# used in: cases/kinds/back_payment.rs
back-payment-years-format = 补缴年度的写法如：2019,2021 或 2011-2019

# used in: cases/kinds/back_payment.rs
back-payment-max-fifteen-years = 一次最多补缴 15 个年度

# used in: cases/kinds/back_payment.rs, cases/kinds/benefit_claim.rs
back-payment-birth-date-missing = 登记信息缺少出生日期，请先到经办窗口补正

# used in: cases/kinds/back_payment.rs
back-payment-choose-kind = 请选择补缴类型：中断补缴或一次性补缴

# used in: cases/kinds/back_payment.rs
back-payment-no-longer-eligible = 已不符合补缴条件：{ $why }；请终止本件并写明理由

# used in: cases/kinds/bank_card.rs
bank-card-same-as-current = 与现在的银行卡相同，无需变更

# used in: cases/kinds/bank_card.rs
bank-card-no-pension-in-payment = 没有正在发放的养老金：申领时填写银行卡即可

# used in: cases/kinds/bank_card.rs
bank-card-change-not-possible = 已不能变更：{ $message }；请终止本件并写明理由

# used in: cases/kinds/benefit_claim.rs
claim-already-determined = 已核定养老金待遇，不需再申领：可在“我的养老金”查看

# used in: cases/kinds/benefit_claim.rs
claim-other-scheme-duplicate = 已领取或参加{ $scheme }，不能重复领取基本养老金；如有疑问请到旗县社保经办机构核实

# used in: cases/kinds/benefit_claim.rs
claim-enter-bank-card-number = 请填写领取养老金的银行卡号

# used in: cases/kinds/benefit_claim.rs
claim-no-longer-eligible = 已不符合领取条件：{ $message }；请终止本件并写明理由

# used in: cases/kinds/benefit_review.rs
review-pension-terminated = 养老金已终止发放，不能申请待遇核查

# used in: cases/kinds/benefit_review.rs
review-birth-date-missing = 登记信息缺少出生日期，请先补正

# used in: cases/kinds/benefit_review.rs
review-result-not-found = 没有这件待遇核查结果

# used in: cases/kinds/benefit_review.rs
review-result-confirmed-or-not-needed = 这件核查结果已经确认过，或不需要确认

# used in: cases/kinds/benefit_review.rs
review-result-already-confirmed = 这件核查结果已经确认过

# used in: cases/kinds/deregistration.rs
dereg-date-format = { $field }应为 年-月-日，如 2026-03-15

# used in: cases/kinds/deregistration.rs
dereg-date-in-future = { $field }不能晚于今天

# used in: cases/kinds/deregistration.rs
dereg-choose-relationship = 请选择与参保人员的关系：{ $list }

# used in: cases/kinds/deregistration.rs, cases/kinds/enrolment.rs, cases/kinds/transfer_in.rs
dereg-upload-missing = 请上传{ $missing }

# used in: cases/kinds/deregistration.rs
dereg-choose-reason = 请选择注销原因：死亡、丧失国籍或已享受其他基本养老保障待遇

# used in: cases/kinds/deregistration.rs
dereg-choose-deceased = 请选择为哪位已故人员办理

# used in: cases/kinds/deregistration.rs
dereg-agency-not-found = 没有找到这条代办关系：请先在“代办”中申报与已故人员的关系

# used in: cases/kinds/deregistration.rs
dereg-who-may-apply = 注销登记请由本人、继承人或指定受益人用通行密钥登录办理，或到窗口由工作人员办理

# used in: cases/kinds/deregistration.rs
dereg-payee-not-self = 领取人应为已故人员的继承人或指定受益人，不能是本人

# used in: cases/kinds/deregistration.rs
dereg-not-possible-online = 无法在网上为这位人员办理注销登记：请携带证件和死亡证明到参保地的乡镇（街道）经办窗口办理

# used in: cases/kinds/deregistration.rs, transfers/within_league.rs, transfers/within_league.rs
dereg-no-insurance-record = 此人没有参加城乡居民基本养老保险的记录，请核对证件号码

# used in: cases/kinds/deregistration.rs
dereg-already-deregistered = 此人已于 { $on } 办理注销登记

# used in: cases/kinds/deregistration.rs
dereg-transferred-out = 此人的养老保险关系已于 { $on } 转往外盟市：请到现参保地办理注销登记

# used in: cases/kinds/deregistration.rs
dereg-own-area-only = 只能为本辖区参保人员办理注销登记

# used in: cases/kinds/deregistration.rs
dereg-settlement-not-found-or-forbidden = 没有找到这件注销登记的结算，或您无权查看

# used in: cases/kinds/deregistration.rs, cases/kinds/deregistration.rs
dereg-settlement-not-found = 没有找到这件注销登记的结算

# used in: cases/kinds/deregistration.rs
dereg-bank-card-locked = 款项已送银行或已到账，不能更改银行卡

# used in: cases/kinds/enrolment.rs
enrol-choose-household-type = 请选择户口性质：农业或非农业

# used in: cases/kinds/enrolment.rs
enrol-no-living-household-record = 户籍登记信息中没有这位在世人员，请核对证件号码，或到户籍所在地派出所核实
enrol-too-young = 年满 { $age } 周岁方可参保：{ $from } 年满 { $age } 周岁，届时可以申请
enrol-student = 全日制在校学生不参加城乡居民基本养老保险，离校后可以参保

# used in: cases/kinds/enrolment.rs
enrol-name-mismatch = 姓名与户籍登记信息不一致，请核对

# used in: cases/kinds/enrolment.rs
enrol-own-area-only = 只能为本辖区户籍人员代为登记

# used in: cases/kinds/enrolment.rs
enrol-transferred-out-apply-transfer-in = 养老保险关系已于 { $out } 转出到其他盟市：户籍迁回后请申请“关系转入”，把个人账户从现参保地转回，不用重新参保

# used in: cases/kinds/enrolment.rs
enrol-already-enrolled = 已于 { $on } 参加城乡居民基本养老保险，无需重复登记

# used in: cases/kinds/enrolment.rs
enrol-id-number-changed = 该证件号码的参保登记已变更为新的证件号码，请用新证件号码登录或办理

# used in: cases/kinds/enrolment.rs
enrol-other-scheme-conflict = 已参加{ $scheme }，按规定不能同时参加城乡居民基本养老保险；如有疑问请到旗县社保经办机构核实

# used in: cases/kinds/enrolment.rs
enrol-already-enrolled-terminate = 此人已参保，本件不能再通过；请终止本件并写明理由

# used in: cases/kinds/key_change.rs
key-change-address-too-long = 居住地址不超过100个字

# used in: cases/kinds/key_change.rs
key-change-sex-invalid = 性别应为“男”或“女”

# used in: cases/kinds/key_change.rs
key-change-id-sex-mismatch = 居民身份证号码第17位表示性别，与所填性别不一致：请先到公安机关变更身份证号码，再申请变更证件号码

# used in: cases/kinds/key_change.rs
key-change-choose-ethnicity = 请从列表中选择民族

# used in: cases/kinds/key_change.rs
key-change-enter-details = 请填写要变更的内容：性别、民族、居住地址或联系电话

# used in: cases/kinds/key_change.rs
key-change-details-unchanged = 所填内容与现有登记相同，无需变更

# used in: cases/kinds/key_change.rs
key-change-name-too-long = 姓名不超过50个字

# used in: cases/kinds/key_change.rs
key-change-choose-new-document-kind = 请选择新证件类型

# used in: cases/kinds/key_change.rs
key-change-new-id-number-error = 新证件号码：{ $error }

# used in: cases/kinds/key_change.rs
key-change-birth-date-format = 出生日期应为 年-月-日，例如 1960-05-01

# used in: cases/kinds/key_change.rs
key-change-enter-key-fields = 请填写要变更的姓名、出生日期或证件号码（与现有登记不同）

# used in: cases/kinds/key_change.rs
key-change-upload-proof = 请上传{ $change_proof }

# used in: cases/kinds/key_change.rs
key-change-new-id-already-enrolled = 新证件号码已有参保登记，不能变更为该号码；如属同一人重复参保，请到旗县社保经办机构办理

# used in: cases/kinds/key_change.rs
key-change-new-id-enrolled-terminate = 新证件号码已有参保登记，本件不能通过；请终止本件并写明理由

# used in: cases/kinds/key_change.rs
key-change-no-enrolment-terminate = 此人已没有参保登记（可能已注销），本件不能通过；请终止本件并写明理由

# used in: cases/kinds/resumption.rs
resume-not-needed-status = 养老金当前为“{ $status }”，不需要申请恢复

# used in: cases/kinds/transfer_in.rs
transfer-in-choose-prior-scheme = 请选择转入前参加的养老保险：区内其他盟市的城乡居民养老保险，或城镇职工基本养老保险

# used in: cases/kinds/transfer_in.rs
transfer-in-same-league-go-county = 转出地与转入地同属本盟市：盟市内跨旗县转移只转移关系，请到旗县社保经办机构办理

# used in: cases/kinds/transfer_in.rs
transfer-in-origin-not-connected = 转出地尚未接入本系统的转移通道：请到转入地旗县社保经办机构窗口办理纸质转移

# used in: cases/kinds/transfer_in.rs
transfer-in-person-not-in-hukou = 户籍登记信息中没有这位在世人员，请核对证件号码

# used in: cases/kinds/transfer_in.rs
transfer-in-hukou-not-moved = 户籍登记信息显示户籍尚未迁入本盟市：请先办理户籍迁移，再申请关系转入

# used in: cases/kinds/transfer_in.rs
transfer-in-only-local-hukou = 只能为本辖区户籍人员办理关系转入

# used in: cases/kinds/transfer_in.rs
transfer-in-already-deregistered = 此人已于 { $on } 在本地办理注销登记，不能再转入

# used in: cases/kinds/transfer_in.rs
transfer-in-already-determined = 已在本地核定城乡居民养老保险待遇：不再办理关系转入或制度衔接

# used in: cases/kinds/transfer_in.rs
transfer-in-choose-local-tier = 请选择在本地的缴费档次：{ $list } 元/年

# used in: cases/kinds/transfer_in.rs
transfer-in-already-pending = 已有一件正在办理的关系转入，请在“我的申请”中查看进度

# used in: cases/kinds/transfer_in.rs
transfer-in-not-found = 没有找到这件关系转入，或您无权办理

# used in: cases/kinds/transfer_in.rs
transfer-in-enter-amount-received = 请填写到账金额，如 5234.56

# used in: cases/kinds/transfer_in.rs
transfer-in-cannot-confirm-status = 本件转移当前为“{ $status }”，不能确认到账

# used in: cases/kinds/transfer_in.rs
transfer-in-confirm-by-other-staff = 《信息表》由您录入，到账须由另一位经办人员确认

# used in: cases/kinds/transfer_in.rs
transfer-in-amount-mismatch = 到账金额 { $received } 元与《审批表》的转移金额 { $expected } 元不一致：请与转出地核实，足额到账后再确认

# used in: cases/kinds/transfer_in.rs
transfer-in-link-not-found = 没有找到这件制度衔接，或您无权办理

# used in: cases/kinds/transfer_in.rs
transfer-in-link-reply-entered = 本件制度衔接当前为“{ $status }”，已录入过答复

# used in: cases/kinds/transfer_in.rs
transfer-in-link-employee-years-met = 《信息表》显示职工养老保险缴费 { $years } 年，已满15年：应在职工养老保险领取待遇，不转入城乡居民养老保险。请与{ $agency }核实后，选择“不同意衔接”并写明原因

# used in: cases/kinds/transfer_in.rs
transfer-in-choose-link-reply = 请选择职工养老保险经办机构的答复：同意衔接（录入《信息表》）或不同意衔接

# used in: benefits/certification.rs
certification-tick-confirm-alive = 请勾选“本人确认健在，仍符合领取条件”

# used in: benefits/certification.rs
certification-no-pension = 没有核定的养老金，不需要认证

# used in: benefits/certification.rs, benefits/certification.rs
certification-pension-stopped = 养老金已终止发放，不需要认证

# used in: benefits/certification.rs
certification-kiosk-note = 工作人员在自助终端核验居民身份证原件，人证一致

# used in: benefits/certification.rs
certification-assisted-done = 已为 { $person } 完成认证（{ $method }）

# used in: benefits/certification.rs
certification-assisted-resumption = 已为 { $person } 完成认证（{ $method }）；恢复发放并补发暂停期间的养老金，须由另一位工作人员审核“恢复待遇”申请

# used in: benefits/certification.rs
certification-invalid-method = 认证方式应为 kiosk（窗口或自助终端）或 home_visit（上门）

# used in: benefits/certification.rs
certification-pension-not-local = 本辖区没有此人的养老金待遇：请核对证件号码

# used in: benefits/eligibility_notices.rs
eligibility-months-range = 月数应为 1–24

# used in: benefits/eligibility_notices.rs
eligibility-not-on-list = 名单中没有此人
eligibility-no-notice-yet = 《待遇领取告知书》在到达领取年龄前两年内出具；您还不在名单上，或已经申领

# used in: benefits/pensions.rs
pension-correction-end-date-format = 矫正期满日期应为 年-月-日

# used in: benefits/pensions.rs
pension-correction-end-after-today = 矫正期满日期应晚于今天

# used in: benefits/pensions.rs
pension-not-in-jurisdiction = 本辖区没有此人的养老金待遇

# used in: benefits/pensions.rs
pension-already-stopped = 养老金已终止发放

# used in: benefits/pensions.rs, benefits/pensions.rs
pension-none-determined = 此人没有核定的养老金

# used in: benefits/pensions.rs
pension-status-cannot-act = 养老金当前为“{ $status }”，不能{ $action }

# used in: benefits/pensions.rs
pension-stop-reason-date-together = 终止原因和日期（死亡日期或丧失资格日期）须同时填写

# used in: benefits/pensions.rs
pension-invalid-stop-reason = 终止原因应为 death（死亡）或 ineligible（丧失领取资格）

# used in: benefits/pensions.rs
pension-date-format = 日期应为 年-月-日，如 2025-04-15

# used in: benefits/pensions.rs
pension-date-only-when-stopping = 死亡或丧失资格的日期只在终止发放时填写

# used in: benefits/pensions.rs
pension-only-local-persons = 只能办理本辖区人员的待遇

# used in: benefits/pensions.rs
pension-none-claim-first = 没有核定的养老金：请先申领养老金

# used in: benefits/payroll/mod.rs, pages/staff_benefits.rs, api/benefits/payroll.rs
payroll-month-format-example = 月份的写法如：2026-12

# used in: oversight/audit_trail.rs
audit-trail-date-format = 日期应为 YYYY-MM-DD 格式

# used in: oversight/consultations.rs
consultations-invalid-contact = 联系方式应为 11 位手机号码或电子邮箱；不留联系方式也可以，凭受理编号查询答复

# used in: oversight/consultations.rs
consultations-choose-kind = 请选择咨询或举报

# used in: oversight/consultations.rs
consultations-choose-county = 请选择所在旗县（区）

# used in: oversight/consultations.rs
consultations-unknown-county = 没有这个旗县（区），请从列表中选择

# used in: oversight/consultations.rs
consultations-number-not-found-check = 没有这个受理编号，请核对后再查（编号形如 ZX-20261130-ABCD2345）

# used in: oversight/consultations.rs, oversight/consultations.rs, oversight/consultations.rs
consultations-number-not-found = 没有这个受理编号

# used in: oversight/consultations.rs
consultations-number-not-local = 本辖区没有这个受理编号

# used in: oversight/consultations.rs
consultations-already-claimed-by = 已由{ $name }负责办理（首问负责）

# used in: oversight/consultations.rs
consultations-claimed-by-other-refresh = 已由其他工作人员负责办理，请刷新

# used in: oversight/consultations.rs
consultations-reply-by-first-responder = 由首问负责人{ $name }答复；如需协助，请与其联系

# used in: oversight/consultations.rs
consultations-claim-first = 请先由旗县经办人员认领负责办理

# used in: oversight/consultations.rs
consultations-already-answered = 已答复，不能再次答复

# used in: infra/documents.rs
documents-attachment-not-found = 没有找到这个附件

# used in: infra/imports.rs, uploads.rs
imports-unknown-kind = 没有这种导入

# used in: transfers/delivery.rs
transfer-letter-invalid-envelope = 转移文书格式不正确：应为签名信封 JSON（from、payload、signature）

# used in: transfers/delivery.rs
transfer-unknown-peer = 未配置的转移对端：{ $from }

# used in: transfers/delivery.rs
transfer-payload-not-base64 = 转移文书的 payload 不是 base64

# used in: transfers/delivery.rs
transfer-signature-malformed = 转移文书的签名格式不正确

# used in: transfers/delivery.rs
transfer-signature-verify-failed = 转移文书签名校验失败：文书在传输中被改动或并非对端签发，不予接收

# used in: transfers/delivery.rs
transfer-letter-content-invalid = 转移文书内容格式不正确

# used in: transfers/delivery.rs
transfer-letter-number-invalid = 转移文书的编号格式不正确

# used in: transfers/delivery.rs
transfer-letter-wrong-league = 这份转移文书不是发给本盟市（{ $league }）的

# used in: transfers/delivery.rs
transfer-letter-unknown-kind = 未知的转移文书类型：{ $kind }

# used in: transfers/letters.rs
transfer-no-link-letter = 这件申请没有制度衔接联系函（衔接申请审核通过后才生成）

# used in: transfers/letters.rs
transfer-receipt-missing-field = 接收函缺少 { $field }

# used in: transfers/letters.rs
transfer-receipt-invalid-document-kind = 接收函的证件类型无效

# used in: transfers/letters.rs
transfer-receipt-invalid-document-number = 接收函的证件号码无效：{ $error }

# used in: transfers/letters.rs
transfer-receipt-already-received = 这件转移已收到过接收函

# used in: transfers/letters.rs
transfer-receipt-not-found = 没有找到这份接收函，或您无权办理

# used in: transfers/letters.rs, transfers/letters.rs
transfer-receipt-already-released = 这份接收函已审核放行

# used in: transfers/letters.rs
transfer-already-transferring-out = 此人的养老保险关系已在转出：请刷新后查看

# used in: transfers/letters.rs
transfer-out-not-found = 没有找到这件转出，或您无权查看

# used in: transfers/letters.rs
transfer-approval-missing-amount = 审批表缺少划转金额

# used in: transfers/letters.rs
transfer-approval-missing-info-sheet = 审批表缺少信息表

# used in: transfers/letters.rs
transfer-info-total-mismatch = 信息表的合计与划转金额不一致，不予接收：请转出地核实后重发

# used in: transfers/mod.rs
transfer-cross-league-not-configured = 本系统尚未配置跨盟市转移（本盟市代码和签名密钥），请联系管理员

# used in: transfers/mod.rs
transfer-no-matching-transfer = 没有与这份文书对应、由该对端办理的转移

# used in: transfers/within_league.rs
transfer-handled-by-home-county = 由参保人员所在旗县的社保经办机构办理

# used in: transfers/within_league.rs
transfer-cannot-link-reason = 不能办理制度衔接：{ $reason }

# used in: transfers/within_league.rs
transfer-enter-village-code = 请填写迁入的村（社区）代码（12位）

# used in: transfers/within_league.rs
transfer-village-not-local = 盟市内转移由迁入地旗县社保经办机构办理：只能迁入本辖区的村（社区）

# used in: transfers/within_league.rs
transfer-already-deregistered-or-out = 此人的养老保险关系已注销或转出

# used in: transfers/within_league.rs
transfer-different-league-apply = 迁入地与原参保地不在同一盟市：请由本人在迁入地申请跨盟市关系转入

# used in: transfers/within_league.rs
transfer-same-county-change-address = 本旗县范围内迁移不转移关系：直接办理居住地址变更即可

# used in: transfers/within_league.rs
transfer-receiving-benefits-stays = 已领取待遇的人员养老保险关系不转移，继续在原参保地领取待遇

# used in: transfers/within_league.rs
transfer-hukou-not-in-village = 户籍登记信息尚未显示迁入该村（社区）：请核对村（社区）代码，或待户籍迁移后再办理

# used in: access.rs
access-page-not-found = 没有这个页面或接口

# used in: uploads.rs, uploads.rs, uploads.rs
uploads-choose-file = 请选择要导入的文件

# used in: uploads.rs, api/identity/staff.rs
uploads-file-too-large = 文件超过 { $limit_mb } MB 的上限，请分批导出后再导入

# used in: uploads.rs, api/identity/staff.rs
uploads-file-incomplete = 文件没有完整上传，请重试

# used in: uploads.rs
uploads-form-incomplete = 表单没有完整提交，请重试

# used in: uploads.rs
uploads-form-invalid = 表单内容有误，请检查后重试

# used in: web.rs
web-request-too-large = 提交的内容过大，请减少内容或缩小附件后重试

# used in: web.rs
web-request-timeout = 请求超时：网络太慢或已中断，请检查网络后重试

# used in: api/mod.rs
api-endpoint-not-found = 没有这个接口，请查看 /api/v1/openapi.json

# used in: api/mod.rs
api-invalid-json = 请求内容不是有效的 JSON，或缺少必填项；请对照 /api/v1/openapi.json 检查

# used in: api/identity/auth.rs
api-auth-kiosk-no-code-login = 这台设备是自助服务终端，不能用验证码登录：请工作人员核验您的身份证件后为您办理

# used in: api/identity/me.rs
api-me-invalid-relationship = 关系应为 heir（继承人）或 beneficiary（指定受益人）

# used in: api/cases/mod.rs
api-cases-invalid-decision = 决定应为 approve（通过）、return（退回补正）或 terminate（终止）

# used in: api/infra/reference.rs
api-reference-invalid-query = 查询参数缺失或格式不正确，请对照 /api/v1/openapi.json 检查

# used in: api/infra/reference.rs
api-reference-date-format = 参数 { $name } 应为 YYYY-MM-DD 格式的日期

# used in: api/infra/reference.rs
api-reference-range-over-ten-years = 两个日期相隔不能超过十年

# used in: api/infra/reference.rs
api-reference-time-limit-too-long = 时限不能超过365个工作日


# used in: identity/accounts.rs
identity-code-session-refused = 用验证码登录时不能作废通行密钥或退出用通行密钥登录的设备：请用通行密钥登录后办理；通行密钥丢失的，请携带居民身份证到便民服务窗口，由工作人员核验后办理

# used in: identity/auth/codes.rs
auth-code-wrong = 验证码不正确或已失效，或姓名、证件号码与登记信息不一致。请核对后重试，或重新获取验证码

# used in: cases/kinds/deregistration.rs
dereg-passkey-needed = 确认承诺书须用本人的通行密钥登录：请退出后用通行密钥重新登录再提交

# used in: cases/kinds/bank_card.rs
bank-card-passkey-needed = 变更银行卡须以通行密钥登录：请退出后用通行密钥重新登录，或到便民服务窗口办理

# used in: benefits/certification.rs
certification-passkey-needed = 本人认证须以通行密钥登录：请退出后用通行密钥重新登录；没有通行密钥的，可到便民服务窗口由工作人员协助认证

# used in: cases/engine.rs
case-avoided-relation = 本件涉及您申报的{ $relation }，须由其他工作人员办理（回避）

# used in: cases/engine.rs
case-not-in-review = 本件不在审核中

# used in: cases/engine.rs
case-step-needs-role = 本环节（{ $step }）须由{ $role }办理

# used in: cases/engine.rs
case-outside-jurisdiction = 本件不在您的管辖范围内

# used in: cases/engine.rs
case-claimed-by-other = 本件已由{ $name }认领办理

# used in: api/identity/me.rs
me-passkey-revoked = 通行密钥已作废，今后不能再用它登录

# used in: api/identity/me.rs
me-device-signed-out = 已退出该设备上的登录

# used in: api/identity/me.rs
me-changed = 已变更

# used in: api/identity/me.rs
me-tier-chosen = 缴费档次已选定，将随登记信息报送税务部门

# used in: api/cases/mod.rs
case-finding-recorded = 核查结论已记录，请继续审核

# used in: api/cases/mod.rs
case-claimed = 已认领，其他人员不能同时审核本件

# used in: api/cases/mod.rs
case-released = 已释放，本件回到待办队列

# used in: api/benefits/eligibility.rs
certification-sweep-done = 已提醒 { $warned } 人，暂停发放 { $suspended } 人

# used in: identity/auth/codes.rs
auth-code-sent = 如果您填写的姓名和证件号码与户籍登记信息一致，验证码已发送到您登记的手机（短信）和电子邮箱，10分钟内有效。没有收到？请核对填写的信息，或携带身份证到村(社区)、苏木乡镇(街道)服务窗口办理。

# used in: cases/engine.rs (in-app notice and mail of a case's outcome; the reason as the clerk wrote it)
case-approved = { $kind }已审核通过

# used in: cases/engine.rs
case-returned = { $kind }需要补正：{ $reason }

# used in: cases/engine.rs
case-terminated = { $kind }已终止：{ $reason }

# used in: identity/accounts.rs (in-app notice and mail)
identity-passkey-added-notice = 您的账户刚刚登记了一个新的通行密钥。如非本人操作，请立即在“我的”中作废它，并联系旗县社保经办机构。

# used in: identity/accounts.rs (in-app notice and mail)
identity-passkey-revoked-notice = 您的账户刚刚作废了一个通行密钥，其他设备上的登录已退出。如非本人操作，请立即联系旗县社保经办机构。

# used in: identity/accounts.rs (mail subject)
identity-passkey-change-subject = 通行密钥变动提醒

# used in: identity/staff.rs (in-app notice to administrators)
staff-invitation-used-notice = 工作人员 { $name }（{ $login }）已用邀请登记了通行密钥，开始使用账户

# used in: cases/kinds/benefit_claim.rs (in-app notice)
claim-determined-notice = 养老金已核定：每月 { $monthly } 元，自 { $first } 起发放，按月打入尾号 { $tail } 的银行卡

# used in: cases/kinds/benefit_claim.rs (mail)
case-received-claim = 您的{ $kind }申请（预计每月 { $monthly } 元，以核定为准）已受理，将在 { $deadline } 前办结

# used in: cases/kinds/back_payment.rs (in-app notice)
back-payment-approved-notice = { $label }已核准：{ $years } 年，共 { $amount } 元，请按税务部门通知缴纳

# used in: cases/kinds/back_payment.rs (mail)
case-received-back-payment = 您的{ $kind }申请（{ $years } 年，共 { $amount } 元）已受理，将在 { $deadline } 前办结

# used in: cases/kinds/resumption.rs (in-app notice)
resume-approved-notice = 恢复待遇申请已核准：暂停期间的养老金将随下月发放补发

# used in: cases/kinds/key_change.rs (in-app notice)
key-change-done-notice = 登记信息已变更

# used in: cases/kinds/bank_card.rs (mail)
bank-card-kiosk-request-mail = 有工作人员在自助终端为您申请将领取养老金的银行卡变更为 { $masked }，经另一名工作人员复核后生效。如非本人申请，请立即联系旗县社保经办机构。

# used in: cases/kinds/bank_card.rs (mail subject)
bank-card-kiosk-request-subject = 领取养老金的银行卡变更申请

# used in: cases/kinds/bank_card.rs (mail)
bank-card-changed-mail = 您领取养老金的银行卡已变更为 { $masked }，下次发放起使用。如非本人操作，请立即联系旗县社保经办机构。

# used in: cases/kinds/bank_card.rs (mail subject)
bank-card-changed-subject = 领取养老金的银行卡已变更

# used in: cases/kinds/bank_card.rs (in-app notice)
bank-card-changed-notice = 领取养老金的银行卡已变更为 { $masked }，下次发放起使用

# used in: cases/kinds/transfer_in.rs (in-app notice)
transfer-in-completed-notice = 关系转入已办结：转入个人账户储存额 { $expected } 元，可在“个人账户”中查看转入前的缴费记录；如有异议可申请核查

# used in: cases/kinds/transfer_in.rs (in-app notice)
transfer-in-link-refused-notice = 制度衔接未能办理：{ $agency }不同意衔接（{ $reason }）。如有疑问请到旗县社保经办机构咨询

# used in: cases/kinds/transfer_in.rs (in-app notice)
transfer-in-link-approved-notice = { $agency }已同意衔接：职工养老保险缴费 { $years } 年合并计算，个人账户储存额 { $amount } 元到账后即为您记入个人账户

# used in: cases/kinds/account_check.rs (in-app notice; the answer as the clerk wrote it)
account-check-answer-no-correction = 账户核查答复：{ $answer }（账户记录无需更正）

# used in: cases/kinds/account_check.rs (in-app notice)
account-check-answer-corrected = 账户核查答复：{ $answer }；已记入更正 { $amount } 元

# used in: cases/kinds/benefit_review.rs (in-app notice)
review-unchanged-notice = 待遇核查完毕：经核查，养老金计发标准无误，按原标准继续发放

# used in: cases/kinds/benefit_review.rs (in-app notice)
review-raised-paid-back-notice = 待遇核查完毕：每月应增加 { $monthly } 元，已发放的 { $months } 个月合计补发 { $back } 元；请在“我的养老金”核对并确认，确认后随下次发放办理

# used in: cases/kinds/benefit_review.rs (in-app notice)
review-raised-withheld-notice = 待遇核查完毕：每月应增加 { $monthly } 元，已发放的 { $months } 个月合计扣回 { $back } 元；请在“我的养老金”核对并确认，确认后随下次发放办理

# used in: cases/kinds/benefit_review.rs (in-app notice)
review-lowered-paid-back-notice = 待遇核查完毕：每月应减少 { $monthly } 元，已发放的 { $months } 个月合计补发 { $back } 元；请在“我的养老金”核对并确认，确认后随下次发放办理

# used in: cases/kinds/benefit_review.rs (in-app notice)
review-lowered-withheld-notice = 待遇核查完毕：每月应减少 { $monthly } 元，已发放的 { $months } 个月合计扣回 { $back } 元；请在“我的养老金”核对并确认，确认后随下次发放办理

# used in: transfers/letters.rs (in-app notice)
transfer-out-approved-notice = 转出地已同意转出并划转个人账户储存额 { $amount } 元，到账确认后即为您建立个人账户

# used in: transfers/letters.rs (in-app notice)
transfer-out-refused-notice = 关系转入未能办理：转出地不予转出（{ $reason }）

# used in: benefits/overpayments.rs (mail)
overpayment-refund-mail = 经核实，已领取的部分养老金不应发放，抵扣个人账户余额和丧葬补助金后尚有 { $amount } 元需要退还。请在 30 日内到旗县社保经办机构办理退还；逾期不退还的，将移交人力资源社会保障行政部门依法处理。

# used in: benefits/overpayments.rs (mail subject)
overpayment-refund-subject = 冒领养老金退还通知

# used in: benefits/pensions.rs (mail subject)
pension-suspended-subject = 养老金暂停发放

# used in: benefits/pensions.rs (mail; the reason as the clerk wrote it)
pension-suspended-mail = 您的养老金已暂停发放，原因：{ $reason }。如有疑问，可申请恢复待遇或到旗县社保经办机构咨询。

# used in: benefits/pensions.rs (mail subject)
pension-resumed-subject = 养老金恢复发放

# used in: benefits/pensions.rs (mail; the reason as the clerk wrote it)
pension-resumed-mail = 您的养老金已恢复发放，原因：{ $reason }。如有疑问，可申请恢复待遇或到旗县社保经办机构咨询。

# used in: benefits/pensions.rs (mail subject)
pension-stopped-subject = 养老金终止发放

# used in: benefits/pensions.rs (mail; the reason as the clerk wrote it)
pension-stopped-mail = 您的养老金已终止发放，原因：{ $reason }。如有疑问，可申请恢复待遇或到旗县社保经办机构咨询。

# used in: benefits/certification.rs (mail)
certification-suspended-mail = 您的养老金领取资格认证已于 { $due } 到期，养老金暂停发放。完成认证后即恢复发放，并补发暂停期间的养老金。

# used in: benefits/certification.rs (mail)
certification-due-mail = 请在 { $due } 前完成养老金领取资格认证，逾期将暂停发放。

# used in: benefits/certification.rs (mail, after the reminder)
certification-how-mail = 认证方式：用手机登录养老保险服务平台，以通行密钥登录后在“我的养老金”点击“本人认证”；或到村（社区）、苏木乡镇（街道）便民服务窗口由工作人员协助认证；行动不便的可申请上门认证。

# used in: benefits/certification.rs (mail subject)
certification-subject = 养老金领取资格认证

# used in: cases/kinds/deregistration.rs (in-app notice)
dereg-overpaid-refund-note = { $event } 之后已发放的养老金属于冒领（{ $op }）：抵扣后尚需退还 { $refund } 元，请按退还通知办理

# used in: cases/kinds/deregistration.rs (in-app notice)
dereg-overpaid-deducted-note = { $event } 之后已发放的养老金属于冒领（{ $op }），已从个人账户余额和丧葬补助金中抵扣

# used in: cases/kinds/deregistration.rs (in-app notice)
dereg-done-paid-notice = 注销登记已办结：一次性支付合计 { $total } 元（个人账户余额 { $account_paid }，丧葬补助金 { $grant_paid }），将随下月养老金发放至尾号 { $tail } 的银行卡

# used in: cases/kinds/deregistration.rs (in-app notice)
dereg-done-nothing-notice = 注销登记已办结：个人账户已无余额，没有需要支付的款项

# used in: infra/notices.rs (in-app notice and mail)
case-received = 您的{ $kind }申请已受理，将在 { $deadline } 前办结

# used in: infra/notices.rs (mail subject)
case-received-subject = { $kind }申请已受理

# used in: infra/notices.rs (first line of a mail to a person)
mail-greeting = { $name }，您好：

# used in: infra/notices.rs (last line of a mail to a person)
mail-closing-cases = 可登录养老保险服务平台“我的申请”查看详情。

# used in: cases/kinds/benefit_review.rs (confirmation)
review-confirmed-paid-back = 已确认：下次发放起每月 { $monthly } 元，已发放月份的差额 { $difference } 元随下次发放补发

# used in: cases/kinds/benefit_review.rs (confirmation)
review-confirmed-withheld = 已确认：下次发放起每月 { $monthly } 元，已发放月份的差额 { $difference } 元随下次发放扣回

# used in: cases/kinds/deregistration.rs (confirmation)
dereg-card-corrected = 已更正为尾号 { $tail } 的银行卡，随本旗县下一次发放（含重新发放）支付

# used in: cases/kinds/bank_card.rs (confirmation)
bank-card-change-submitted = 已提交变更为 { $masked } 的申请：须另一名工作人员复核后生效，结果会通知本人

# used in: cases/kinds/bank_card.rs (confirmation)
bank-card-changed-confirmation = 已变更为 { $masked }，下次发放起使用

# used in: cases/kinds/transfer_in.rs (confirmation)
transfer-in-funds-confirmed = 已确认到账 { $expected } 元，个人账户已建立，本人已收到通知

# used in: benefits/certification.rs (confirmation)
certification-done = 认证成功（{ $today }）。下次请在 { $due } 前再认证一次。

# used in: oversight/consultations.rs (confirmation)
consultations-taken = { $tracking } 由您负责办理

# used in: oversight/consultations.rs (confirmation)
consultations-answered = 已答复，{ $tracking } 办结

# used in: transfers/within_league.rs (confirmation)
transfer-moved-within-league = 养老保险关系已从 { $from } 转入 { $to }（基金不转移）

# used in: domain::IdError (every form that takes a document number)
id-empty = 证件号码不能为空

# used in: domain::IdError (every form that takes a document number)
id-length = 身份证号码应为18位（旧证15位），请核对位数

# used in: domain::IdError (every form that takes a document number)
id-characters = 身份证号码只能包含数字，最后一位可以是X

# used in: domain::IdError (every form that takes a document number)
id-birth-date = 身份证号码中的出生日期不正确，请核对

# used in: domain::IdError (every form that takes a document number)
id-check-character = 身份证号码校验位不正确，请逐位核对后重新输入

# used in: domain::IdError (every form that takes a document number)
id-permit-prefix = 港澳台居民居住证号码应以810000、820000或830000开头

# used in: domain::IdError (every form that takes a document number)
id-foreigner-prefix = 外国人永久居留身份证号码应以9开头，共18位

# used in: domain::IdError (every form that takes a document number)
id-format = 证件号码格式不正确：只能包含字母和数字，长度5至20位

# used in: domain::MoneyError (every amount typed)
money-format = 金额格式不正确，请输入数字，例如 200 或 200.50

# used in: domain::MoneyError (every amount typed)
money-too-precise = 金额最多保留两位小数（到分）

# used in: domain::MoneyError (every amount typed)
money-out-of-range = 金额超出允许范围

# used in: domain::DocumentError (every upload)
document-empty = 文件是空的，请重新选择

# used in: domain::DocumentError (every upload)
document-too-large = 文件超过 { $limit_mb } MB，请压缩或分页后再上传

# used in: domain::DocumentError (every upload)
document-unknown-type = 只接受 JPG、PNG 图片或 PDF 文件（按文件内容判断，改文件名无效）

# used in: domain::CaseError (cases/engine.rs)
case-not-now = 本件当前状态为“{ $state }”，不能进行此操作

# used in: domain::CaseError (cases/engine.rs)
case-reason-needed = 退回或终止须写明理由，让申请人知道下一步怎么做

# used in: domain::BadCard, BadPhone, BankCard::luhn_ok (filings)
bank-card-invalid = 银行卡号应为16–19位数字，用于发放待遇

# used in: domain::BadCard, BadPhone, BankCard::luhn_ok (filings)
phone-invalid = 请填写11位手机号码，或带区号的固定电话（如 0471-1234567）

# used in: domain::BadCard, BadPhone, BankCard::luhn_ok (filings)
bank-card-check-digit-warning = { $masked }（校验位不符，请与银行卡核对）

# used in: domain::back_payment::Refusal (cases/kinds/back_payment.rs)
back-payment-years-needed = 请填写要补缴的年度

# used in: domain::back_payment::Refusal (cases/kinds/back_payment.rs)
back-payment-year-not-past = { $year } 年不能补缴：只能补缴以前年度

# used in: domain::back_payment::Refusal (cases/kinds/back_payment.rs)
back-payment-year-paid = { $year } 年已有缴费记录，不能补缴

# used in: domain::back_payment::Refusal (cases/kinds/back_payment.rs)
back-payment-year-before-enrolment = { $year } 年在参保（{ $enrolled } 年）以前：中断补缴只能补缴参保以后中断的年度，参保以前的年度请申请一次性补缴

# used in: domain::back_payment::Refusal (cases/kinds/back_payment.rs)
back-payment-year-after-enrolment = { $year } 年在参保以后：一次性补缴只能补缴参保以前的年度，参保以后中断的年度请申请中断补缴

# used in: domain::back_payment::Refusal (cases/kinds/back_payment.rs)
back-payment-year-under-16 = { $year } 年本人未满 { $age } 周岁，不能补缴

# used in: domain::back_payment::Refusal (cases/kinds/back_payment.rs)
back-payment-lump-limit = 一次性补缴以补足 { $min_years } 年为限：已缴 { $paid_years } 年，到领取年龄前还可缴 { $years_to_come } 年，最多可补缴 { $most } 年

# used in: domain::benefit::Refusal (cases/kinds/benefit_claim.rs, benefit_review.rs, eligibility notices)
claim-too-few-years = 累计缴费 { $years } 年，不足 { $min_years } 年：可先申请补缴（一次性补缴），补足后再申领

# used in: domain::benefit::Refusal (cases/kinds/benefit_claim.rs, benefit_review.rs, eligibility notices)
claim-not-yet = { $on } 年满 { $age } 周岁，届时方可申领养老金

# used in: domain::benefit::Refusal (cases/kinds/benefit_claim.rs, benefit_review.rs, eligibility notices)
claim-no-divisor = 政策参数中没有 { $age } 周岁的计发月数，请管理员补录

# used in: money/interest.rs (kept with a settlement; its printed form, both languages)
settlement-interest-note = 按 { $rate_year } 年记账利率 { $rate }% 计息至 { $year } 年 { $month } 月

# used in: server api/cases/deregistration.rs (the printed form 附件7)
settlement-print-note = 注销原因：{ $ground }。个人账户余额含利息 { $interest } 元（{ $interest_note }）{ $to_fund }；丧葬补助金 { $funeral_grant } 元（{ $grant_rule }{ $grant_years }）{ $withheld }。发放至银行卡 { $bank_card }。结算日期 { $settled_on }。

# used in: server api/cases/deregistration.rs (the printed form 附件7)
settlement-print-to-fund = ，其中政府补贴 { $amount } 元按规定退回基金

# used in: server api/cases/deregistration.rs (the printed form 附件7)
settlement-print-grant-years = ，缴费 { $years } 年

# used in: server api/cases/deregistration.rs (the printed form 附件7)
settlement-print-withheld = ，已抵扣冒领 { $amount } 元

# used in: oversight/consultations.rs (mail to the one who filed)
consult-mail-received-subject = { $kind }已受理（{ $tracking }）

# used in: oversight/consultations.rs (mail to the one who filed)
consult-mail-received = 您的{ $kind }已受理。

# used in: oversight/consultations.rs (mail to the one who filed)
consult-mail-tracking = 受理编号：{ $tracking }

# used in: oversight/consultations.rs (mail to the one who filed)
consult-mail-deadline = 答复时限：{ $deadline } 前

# used in: oversight/consultations.rs (mail to the one who filed)
consult-mail-keep-tracking = 请保存受理编号，凭编号在养老保险服务平台“咨询与举报”查询办理情况和答复。

# used in: oversight/consultations.rs (mail to the one who filed)
consult-mail-answer-subject = { $kind }答复（{ $tracking }）

# used in: oversight/consultations.rs (mail to the one who filed)
consult-mail-answered = 您的{ $kind }（受理编号 { $tracking }，事项：{ $topic }）已于 { $date } 答复：

# used in: benefits/standing.rs
standing-no-record = 户籍登记信息中没有找到您，暂时不能在网上办理。请带居民身份证和户口簿到户籍所在地的村（社区）或苏木乡镇（街道）便民服务点办理。
standing-enrol = 您还没有参加城乡居民基本养老保险。年满 { $age } 周岁、不是全日制在校学生、没有参加职工养老保险的，可以在网上参保登记。
standing-enrol-later = 您于 { $on } 年满 { $age } 周岁，届时可以参保登记。
standing-in-review = 您的{ $kind }申请正在审核中，可以随时查看办理进度。
standing-contributing = 您已参保，累计缴费 { $years } 年。{ $on } 年满 { $age } 周岁后可以申领养老金；每年按选定的档次缴费，缴得越多、越长，养老金越高。
standing-claim = 您已年满 { $age } 周岁，累计缴费 { $years } 年，可以申领养老金。
standing-receiving = 您正在按月领取养老金。
standing-suspended = 您的养老金已暂停发放。情况已变化的，可以申请恢复发放。
standing-stopped = 您的养老金已终止发放。如有疑问，请到苏木乡镇（街道）便民服务窗口咨询。

# used in: identity/persons.rs (how a person wants to be reached, issue 36 §1)
contact-saved = 已保存：以后的通知按您选择的方式发送
contact-choose-channels = 请选择接收通知的方式
contact-choose-sms-language = 请选择短信的文字（中文或蒙古文）

# used in: cases/kinds/key_change.rs (text message and mail to the old contact)
contact-changed-notice = 您在养老保险服务平台登记的手机号已改为 { $masked }。7天内登录验证码仍发到原号码。如非本人操作，请立即到苏木乡镇（街道）便民服务窗口办理或拨打12333。
contact-changed-subject = 登记的手机号已变更

# used in: benefits/estimate.rs (the estimate's tier, issue 36 §3)
estimate-choose-tier = 请从现行缴费档次中选择一个

# used in: benefits/certificates.rs
certificate-deregistered = 已注销（{ $on }）

# used in: benefits/certificates.rs
certificate-transferred-out = 已转出（{ $on }）

# used in: benefits/certificates.rs
certificate-unknown-kind = 没有这种证明：可以出具参保证明（insured）或待遇领取证明（receiving）

# used in: benefits/certificates.rs
certificate-not-insured = 您还没有在本系统参保，不能出具参保证明。怎样参保，请看“我的”页面上的下一步。

# used in: benefits/certificates.rs
certificate-not-receiving = 您还没有按月领取养老金，不能出具待遇领取证明。

# used in: money/contributions.rs (mail subject)
contribution-reminder-subject = { $year } 年度城乡居民养老保险缴费提醒

# used in: money/contributions.rs (mail)
contribution-reminder-mail = { $name }：{ $year } 年度城乡居民基本养老保险开始缴费了。您选择的缴费档次是每年 { $tier } 元。请在本年度内通过税务部门的渠道缴费：“内蒙古税务”手机应用或微信小程序、合作银行网点，或请村（社区）协办员帮助。已经缴过的，请不必理会本提醒。改档次、测算将来的养老金：{ $url }/me/account

# used in: money/contributions.rs (text message)
contribution-reminder-sms = { $year }年度养老保险开始缴费，您选的档次每年{ $tier }元，请在本年度内通过税务渠道缴费。改档次：{ $url }/me/account

# used in: api/money (a reminder run)
contribution-reminded = 已提醒 { $sent } 人；此前已提醒 { $before } 人；{ $unreachable } 人没有手机号码或电子邮箱，请村协办员当面告知
