"""Contracts through the services (tests/factories.py writes rows straight; these take the real steps)."""

import datetime as dt
from typing import Any

from gonghui.congresses.choices import ContractKind, NegotiationParty
from gonghui.congresses.models import CollectiveContract, CollectiveNegotiation
from gonghui.congresses.services import contracts as services


def negotiation(*, org: Any, actor: Any, **extra: Any) -> CollectiveNegotiation:
    data = {
        "contract_kind": extra.pop("contract_kind", ContractKind.COMPREHENSIVE),
        "title": extra.pop("title", "2026年度工资集体协商"),
        "requested_by": extra.pop("requested_by", NegotiationParty.UNION),
        "requested_on": extra.pop("requested_on", dt.date(2025, 3, 1)),
        "union_representatives": "首席代表：工会主席",
        "employer_representatives": "单位法定代表人",
    }
    return services.negotiation_create(org=org, data=data, actor=actor)


def draft(
    *, org: Any, actor: Any, kind: str = ContractKind.COMPREHENSIVE, **extra: Any
) -> CollectiveContract:
    data = {
        "kind": kind,
        "title": extra.pop("title", "2025—2027年集体合同"),
        "content": "工资、工时、休息休假",
    }
    return services.contract_create(org=org, data={**data, **extra}, actor=actor)


def signed(
    *, org: Any, actor: Any, signed_on: dt.date = dt.date(2025, 9, 26), kind: str = ContractKind.COMPREHENSIVE
) -> CollectiveContract:
    contract = draft(org=org, actor=actor, kind=kind)
    contract = services.contract_approve(contract=contract, approved_on=signed_on, actor=actor)
    return services.contract_sign(
        contract=contract,
        signed_on=signed_on,
        term_starts_on=signed_on,
        term_ends_on=signed_on.replace(year=signed_on.year + 3),
        actor=actor,
    )


def filed(
    *,
    org: Any,
    actor: Any,
    signed_on: dt.date = dt.date(2025, 9, 26),
    filed_on: dt.date = dt.date(2025, 9, 30),
    kind: str = ContractKind.COMPREHENSIVE,
) -> CollectiveContract:
    contract = signed(org=org, actor=actor, signed_on=signed_on, kind=kind)
    return services.contract_file(
        contract=contract, filed_on=filed_on, filed_with="某县人力资源和社会保障局", actor=actor
    )


def effective(
    *, org: Any, actor: Any, kind: str = ContractKind.COMPREHENSIVE, **dates: Any
) -> CollectiveContract:
    contract = filed(org=org, actor=actor, kind=kind, **dates)
    assert contract.objection_ends_on is not None
    services.contract_take_effect(contract=contract, today=contract.objection_ends_on + dt.timedelta(days=1))
    contract.refresh_from_db()
    return contract
