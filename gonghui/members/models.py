"""会员 and 会籍: the member record on the 实名制 fields, its change history, online joining, transfers,
corrections requested by members, and member cards with their bank batches."""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Right
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.actors import Visitor
from gonghui.accounts.choices import Gender, IdType
from gonghui.accounts.identity import mask_phone, validate_mobile
from gonghui.accounts.scoping import OrgScoped, scope_q
from gonghui.core.models import BaseModel

from .choices import (
    HOLDING_STATUSES,
    BankTemplateKind,
    CardBatchStatus,
    CardKind,
    CardStatus,
    CommitteeRole,
    CorrectionStatus,
    Employment,
    HouseholdType,
    JobCategory,
    JoinChannel,
    JoinStatus,
    MembershipChangeKind,
    MemberStatus,
    SkillLevel,
    TargetListSource,
    TransferStatus,
)


class Member(BaseModel, OrgScoped):
    """会员: a person's membership of one union, with their identity kept encrypted."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number_encrypted = models.TextField(_("证件号码（密文）"))
    id_number_hash = models.CharField(_("证件号码摘要"), max_length=64, db_index=True)
    id_number_masked = models.CharField(_("证件号码"), max_length=32)
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[validate_mobile])
    status = models.CharField(
        _("会籍状态"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    # 实名制 fields (codes from the code lists: ethnicity, education, political_status)
    ethnicity = models.CharField(_("民族"), max_length=4, blank=True)
    education = models.CharField(_("学历"), max_length=4, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=4, blank=True)
    employment = models.CharField(
        _("用工性质"), max_length=16, choices=Employment.choices, default=Employment.ESTABLISHED
    )
    position_title = models.CharField(_("岗位/职称"), max_length=50, blank=True)
    job_category = models.CharField(_("岗位类别"), max_length=12, choices=JobCategory.choices, blank=True)
    skill_level = models.CharField(_("技能等级"), max_length=2, choices=SkillLevel.choices, blank=True)
    household_type = models.CharField(_("户籍类型"), max_length=8, choices=HouseholdType.choices, blank=True)
    joined_on = models.DateField(_("入会日期"), null=True, blank=True)
    member_number = models.CharField(_("会员编号"), max_length=32, null=True, blank=True, unique=True)
    card_number = models.CharField(_("会员卡号"), max_length=32, blank=True)
    is_model_worker = models.BooleanField(_("劳模/工匠"), default=False)
    is_migrant_worker = models.BooleanField(_("农民工"), default=False)
    status_changed_on = models.DateField(_("会籍变动日期"), null=True, blank=True)
    # search helpers kept in step with `name` by the services: 张三 → "zhangsan", "zs"
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, blank=True)
    name_initials = models.CharField(_("姓名首字母"), max_length=50, blank=True)
    tags: "models.ManyToManyField[MemberTag, Any]" = models.ManyToManyField(
        "MemberTag", verbose_name=_("标签"), blank=True, related_name="members"
    )

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        ordering: ClassVar[list[str]] = ["org_id", "name", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # One person is never a holding member of two unions (enforced by the database).
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=Q(status__in=HOLDING_STATUSES),
                name="uniq_member_holding_identity",
                violation_error_message=_("此人已是在籍会员，不能重复入会"),
            ),
            models.UniqueConstraint(
                fields=["card_number"],
                condition=~Q(card_number=""),
                name="uniq_member_card_number",
                violation_error_message=_("该会员卡号已被其他会员使用"),
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["phone"]),
            # exact and prefix matches of the member search (`name LIKE '张%'`, `name_pinyin LIKE 'zhang%'`):
            # text_pattern_ops serves LIKE prefixes on PostgreSQL whatever the cluster's collation; SQLite
            # ignores the operator class and gets plain indexes
            models.Index(fields=["name"], opclasses=["text_pattern_ops"], name="member_name_prefix"),
            models.Index(fields=["name_pinyin"], opclasses=["text_pattern_ops"], name="member_pinyin_prefix"),
            models.Index(
                fields=["name_initials"], opclasses=["text_pattern_ops"], name="member_initials_prefix"
            ),
            # the search's 证件号后4位 branch: `right(id_number_masked, 4) = '002X'` (registry.id_suffix)
            models.Index(Right("id_number_masked", 4), name="member_id_suffix"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:member_detail", args=[self.public_id])

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class MemberCount(models.Model):
    """会员计数: one union's own holding members (在籍 + 保留会籍) counted by the 数据看板's definitions, kept in the
    transaction of every membership change by `members.counting` and checked against a full recount nightly.
    The age bands are as of `ages_on` (recounted nightly); `joined` counts the 入会 of `joined_year`."""

    org = models.OneToOneField(
        "orgs.Org",
        verbose_name=_("工会"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="member_count",
    )
    members = models.IntegerField(_("会员"), default=0)
    women = models.IntegerField(_("女会员"), default=0)
    established = models.IntegerField(_("在编"), default=0)
    contract = models.IntegerField(_("非在编"), default=0)
    dispatched = models.IntegerField(_("劳务派遣"), default=0)
    other = models.IntegerField(_("其他用工"), default=0)
    serving = models.IntegerField(_("在职会员"), default=0)
    serving_established = models.IntegerField(_("在职在编"), default=0)
    serving_contract = models.IntegerField(_("在职非在编"), default=0)
    serving_dispatched = models.IntegerField(_("在职劳务派遣"), default=0)
    serving_other = models.IntegerField(_("在职其他用工"), default=0)
    joined_year = models.PositiveSmallIntegerField(_("入会计数年度"))
    joined = models.IntegerField(_("本年度入会"), default=0)
    age_0 = models.IntegerField(_("25岁及以下"), default=0)
    age_1 = models.IntegerField(_("26–35岁"), default=0)
    age_2 = models.IntegerField(_("36–45岁"), default=0)
    age_3 = models.IntegerField(_("46–55岁"), default=0)
    age_4 = models.IntegerField(_("56岁及以上"), default=0)
    ages_on = models.DateField(_("年龄计算日"))
    counted_at = models.DateTimeField(_("核对时间"))

    class Meta:
        verbose_name = _("会员计数")
        verbose_name_plural = _("会员计数")

    def __str__(self) -> str:
        return f"{self.org_id}: {self.members}"


class MemberTag(models.Model):
    """A label a union puts on members for filtering (e.g. 青年教师, 援鄂医疗队)."""

    name = models.CharField(_("标签"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("会员标签")
        verbose_name_plural = _("会员标签")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class TargetList(BaseModel, OrgScoped):
    """名单: a named, frozen set of members — a filter's result or an imported list of ID numbers or phones — kept
    with its reason, so an activity or a campaign addresses exactly the people chosen when it was made."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="target_lists"
    )
    name = models.CharField(_("名单名称"), max_length=60)
    reason = models.CharField(_("用途"), max_length=200)
    source = models.CharField(_("来源"), max_length=8, choices=TargetListSource.choices)
    criteria = models.JSONField(_("筛选条件"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    members: "models.ManyToManyField[Member, Any]" = models.ManyToManyField(
        Member, through="TargetListEntry", related_name="+"
    )

    class Meta:
        verbose_name = _("名单")
        verbose_name_plural = _("名单")
        ordering: ClassVar[list[str]] = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.name


class TargetListEntry(models.Model):
    """One member of a target list."""

    target_list = models.ForeignKey(TargetList, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("名单成员")
        verbose_name_plural = _("名单成员")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["target_list", "member"], name="uniq_target_list_member"),
        ]

    def __str__(self) -> str:
        return f"{self.target_list_id}/{self.member_id}"


class CommitteeSeat(BaseModel):
    """A member's seat on one of a union's committees (`orgs.Committee`)."""

    committee = models.ForeignKey(
        "orgs.Committee", verbose_name=_("委员会"), on_delete=models.CASCADE, related_name="seats"
    )
    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("职务"), max_length=12, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering: ClassVar[list[str]] = ["committee_id", "role", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["committee", "member"],
                name="uniq_committee_seat",
                violation_error_message=_("该会员已在本委员会任职"),
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee_id}/{self.member_id}"


class MembershipChange(BaseModel):
    """会籍变动: one row per join, transfer, leave, retirement, death or correction, never edited."""

    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("变动类型"), max_length=16, choices=MembershipChangeKind.choices)
    from_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("原工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("新工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    happened_on = models.DateField(_("变动日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("会籍变动")
        verbose_name_plural = _("会籍变动")
        ordering: ClassVar[list[str]] = ["happened_on", "id"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.happened_on}"


class JoinApplication(BaseModel, OrgScoped):
    """入会申请: from the portal (the worker proves their phone by SMS code), a union's roster (集体入会) or a cadre."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("申请加入"), on_delete=models.PROTECT, related_name="join_applications"
    )
    channel = models.CharField(
        _("渠道"), max_length=16, choices=JoinChannel.choices, default=JoinChannel.ONLINE
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=JoinStatus.choices, default=JoinStatus.SUBMITTED
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number_encrypted = models.TextField(_("证件号码（密文）"))
    id_number_hash = models.CharField(_("证件号码摘要"), max_length=64, db_index=True)
    id_number_masked = models.CharField(_("证件号码"), max_length=32)
    phone = models.CharField(_("手机号"), max_length=11, validators=[validate_mobile])
    ethnicity = models.CharField(_("民族"), max_length=4, blank=True)
    education = models.CharField(_("学历"), max_length=4, blank=True)
    political_status = models.CharField(_("政治面貌"), max_length=4, blank=True)
    employment = models.CharField(
        _("用工性质"), max_length=16, choices=Employment.choices, default=Employment.ESTABLISHED
    )
    position_title = models.CharField(_("岗位/职称"), max_length=50, blank=True)
    unit_name = models.CharField(_("工作单位（申请人填写）"), max_length=100, blank=True)
    privacy_accepted_at = models.DateTimeField(_("同意隐私说明时间"), null=True, blank=True)
    reject_reason = models.CharField(_("驳回原因"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_applications",
    )

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # one open application per person at a time
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=Q(status="submitted"),
                name="uniq_open_join_application",
                violation_error_message=_("该证件号码已有待审批的入会申请"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.org_id}"


class Transfer(BaseModel, OrgScoped):
    """转会: approved by the old union, then by the new one; the member stays 在籍 throughout.
    The receiving union sees it through the transfer addressed to it (a delivery in visible_q)."""

    scope_path = "from_org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("转出工会"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("转入工会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    to_org_outside = models.CharField(_("平台外转入单位"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    reason = models.CharField(_("转会原因"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reject_reason = models.CharField(_("不同意原因"), max_length=200, blank=True)
    letter_number = models.CharField(_("介绍信编号"), max_length=40, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("转会")
        verbose_name_plural = _("转会")
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["requested", "out_approved"]),
                name="uniq_open_transfer",
                violation_error_message=_("该会员已有办理中的转会"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} 转会"

    @classmethod
    def visible_q(cls, user: Visitor, action: str = "members.view") -> Q:
        """The transfer is seen from both ends: the union it leaves and the union it joins (and those above)."""
        return scope_q(user, action, path_field="from_org__path") | scope_q(
            user, action, path_field="to_org__path"
        )


class CorrectionRequest(BaseModel, OrgScoped):
    """A member's request to correct their own record, approved by their union."""

    scope_path = "member__org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="corrections"
    )
    changes = models.JSONField(_("更正内容"), default=dict)  # {field: [old, new]}
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=CorrectionStatus.choices, default=CorrectionStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reject_reason = models.CharField(_("未通过原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("信息更正申请")
        verbose_name_plural = _("信息更正申请")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member} 更正"


class CardBatch(BaseModel, OrgScoped):
    """A batch of card applications sent to the bank together."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("报送工会"), on_delete=models.PROTECT, related_name="card_batches"
    )
    number = models.CharField(_("批次号"), max_length=40, unique=True)
    bank_template = models.ForeignKey(
        "CardBankTemplate",
        verbose_name=_("银行模板"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CardBatchStatus.choices, default=CardBatchStatus.DRAFT
    )
    sent_on = models.DateField(_("报送日期"), null=True, blank=True)
    returned_on = models.DateField(_("回盘日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("会员卡批次")
        verbose_name_plural = _("会员卡批次")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class CardApplication(BaseModel, OrgScoped):
    """会员卡申请: 已申请 → 已报送银行 → 已制卡 → 已领取; lost → 补办 (a new application)."""

    scope_path = "org__path"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="card_applications"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=CardKind.choices, default=CardKind.NEW)
    status = models.CharField(
        _("状态"), max_length=16, choices=CardStatus.choices, default=CardStatus.APPLIED
    )
    batch = models.ForeignKey(
        CardBatch,
        verbose_name=_("批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    card_number = models.CharField(_("卡号"), max_length=32, blank=True)
    mailing_address = models.CharField(_("领卡地址"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("会员卡申请")
        verbose_name_plural = _("会员卡申请")
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["applied", "sent_to_bank"]),
                name="uniq_open_card_application",
                violation_error_message=_("该会员已有办理中的会员卡申请"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} 会员卡"


class CardBankTemplate(models.Model):
    """Column mapping of a bank file: [{"header": "姓名", "field": "name"}, …] — a card-application file (制卡,
    read by the card batches) or a payment file (代发, read by ledger's payment batches). Check it against the
    receiving bank's specification; the 郑州银行-style card default is created on first use."""

    name = models.CharField(_("模板名称"), max_length=50, unique=True)
    kind = models.CharField(
        _("用途"), max_length=16, choices=BankTemplateKind.choices, default=BankTemplateKind.CARD
    )
    columns = models.JSONField(_("列映射"), default=list)
    is_default = models.BooleanField(_("默认"), default=False)

    class Meta:
        verbose_name = _("银行制卡模板")
        verbose_name_plural = _("银行制卡模板")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name
