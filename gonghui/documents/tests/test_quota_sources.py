"""收文 lent to quotas: a 上级下达 quota set links a 收文 its union received, offered only to those who may read it."""

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.documents.incoming import incoming_register
from gonghui.documents.selectors import quota_incoming_document, quota_incoming_documents
from gonghui.quotas.sources import incoming_document_sources

pytestmark = pytest.mark.django_db


def test_a_union_s_incoming_documents_are_offered_to_its_cadres_only(docs):
    w = docs.world
    incoming = incoming_register(
        org=w.county_x,
        actor=docs.county_x_officer,
        source_issuer="焦作市总工会",
        source_number="焦工〔2026〕3号",
        title="关于下达2026年劳动模范推荐名额的通知",
        received_on=dt.date(2026, 3, 2),
        doc_date=dt.date(2026, 2, 27),
    )
    assert "documents" in incoming_document_sources
    assert quota_incoming_documents(docs.county_x_officer, [w.county_x]) == [
        (
            incoming.pk,
            f"{w.county_x.name}：关于下达2026年劳动模范推荐名额的通知（焦作市总工会 焦工〔2026〕3号）",
        )
    ]
    assert quota_incoming_document(docs.county_x_officer, incoming.pk) == (
        incoming.title,
        reverse("documents:incoming_detail", args=[incoming.public_id]),
    )
    # a plain member and another union's admin are offered nothing and cannot resolve the link
    for stranger in (w.org_member, w.outsider):
        assert quota_incoming_documents(stranger, [w.county_x]) == []
        assert quota_incoming_document(stranger, incoming.pk) is None
