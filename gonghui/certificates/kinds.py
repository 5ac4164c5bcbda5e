"""The kind registry: each app that awards certificates registers a `CertificateKind` in its `ready()`:

    certificate_kinds.register("quiz", CertificateKind(key="quiz", label="答题证书", series_default="答题证",
                               pdf_template="quizzes/pdf/certificate.html", fields=("score",)))

`pdf_template` extends `certificates/pdf/base.html`; `fields` name the keys of `Certificate.data` the kind shows;
`can_manage(user, owner)`, when given, decides who may revoke or batch-issue for an owner (default: the action
`certificates.manage` on the issuer); `candidates(owner)`, when given, offers 批量发证 for an owner: it returns the
holders to issue to (with `owner_model` and `issuer_of`, the console's 批量发证 page finds the owner and
its issuing union)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from gonghui.core.registry import Registry


@dataclass(frozen=True)
class Candidate:
    """One holder a batch issue gives a certificate to, with the facts printed on it."""

    holder: Any
    holder_name: str
    holder_org: Any = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CertificateKind:
    key: str
    label: str
    series_default: str
    pdf_template: str = "certificates/pdf/base.html"
    fields: tuple[str, ...] = ()
    can_manage: Callable[[Any, Any], bool] | None = None  # (user, owner) -> may revoke / batch-issue?
    candidates: Callable[[Any], Iterable[Candidate]] | None = None  # (owner) -> holders for 批量发证
    owner_model: str = ""  # "app_label.model" of the owners, for the 批量发证 page's address
    issuer_of: Callable[[Any], Any] | None = None  # (owner) -> the Org issuing its certificates (批量发证)
    field_labels: dict[str, str] = field(default_factory=dict)  # data key -> Chinese label on pages
    holder_is_person: bool = True  # the public check masks a person's name (张*明), never a union's
    order: int = 100


certificate_kinds: Registry[CertificateKind] = Registry("certificate kind")


def kind_label(key: str) -> str:
    return certificate_kinds.get(key).label if key in certificate_kinds else key


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in certificate_kinds]
