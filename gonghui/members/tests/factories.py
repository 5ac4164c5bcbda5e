import datetime as dt

import factory
from django.db import transaction

from gonghui.accounts.choices import IdType
from gonghui.accounts.identity import (
    encrypt_identifier,
    identifier_hash,
    mask_identifier,
    resident_id_check_char,
)
from gonghui.members.counting import counted, counts_member_changed
from gonghui.members.models import Member


def valid_id_number(
    n: int, *, area: str = "410802", birth: dt.date = dt.date(1988, 5, 17), male: bool = True
) -> str:
    sequence = (n % 499) * 2 + (1 if male else 2)
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


class MemberFactory(factory.django.DjangoModelFactory[Member]):
    class Meta:
        model = Member
        exclude = ("id_number",)

    id_number = factory.Sequence(lambda n: valid_id_number(n))
    name = factory.Sequence(lambda n: f"会员{n}")
    gender = "M"
    birth_date = dt.date(1988, 5, 17)
    id_type = IdType.RESIDENT
    id_number_encrypted = factory.LazyAttribute(lambda o: encrypt_identifier(o.id_number))
    id_number_hash = factory.LazyAttribute(lambda o: identifier_hash(IdType.RESIDENT, o.id_number))
    id_number_masked = factory.LazyAttribute(lambda o: mask_identifier(o.id_number))
    phone = factory.Sequence(lambda n: f"1390000{n:04d}")

    @classmethod
    def _create(cls, model_class: type[Member], *args: object, **kwargs: object) -> Member:
        """Create, and count the member as the services do (会员计数), so tests see the dashboard's figures."""
        with transaction.atomic():
            member: Member = super()._create(model_class, *args, **kwargs)
            counts_member_changed(before=None, after=counted(member))
        return member
