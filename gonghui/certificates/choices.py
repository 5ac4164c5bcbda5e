"""States of a certificate and of a batch-issue job."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    """A certificate is valid from its issue until it is revoked (撤销, with a reason); revocation is final."""

    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class IssueJobStatus(models.TextChoices):
    """A batch issue (批量发证) runs as a background task; its progress is on its row."""

    PENDING = "pending", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
