"""The import framework end to end, shown with the org import: the registry, upload checks, validation into a
report and a preview, both commit modes, the refusals, the error-report workbook read back, the progress
polling page, and who may do what (county admin, plain member, admin of a sibling org)."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import make_cadre
from gonghui.core.choices import AuditAction
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.orgs.models import Org
from gonghui.spreadsheets.choices import ImportMode, ImportStatus
from gonghui.spreadsheets.models import ImportJob
from gonghui.spreadsheets.progress import Reporter, progress_get, progress_percent, progress_set
from gonghui.spreadsheets.selectors import exporter_for, importer_for
from gonghui.spreadsheets.services import import_job_cancel, import_job_commit_request, import_job_create

pytestmark = pytest.mark.django_db

HEADERS = ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位"]
GOOD = [
    ["CX02", "甲县第二中学工会", "CX", "基层工会", "甲县第二中学"],
    ["CX03", "甲县第三中学工会", "CX", "基层工会", "甲县第三中学"],
]
BAD_PARENT = ["CX04", "甲县第四中学工会", "NOPE", "基层工会", "甲县第四中学"]
NO_NAME = ["CX05", "", "CX", "基层工会", "甲县第五中学"]


@pytest.fixture
def county_admin(world):
    return make_cadre("county_x_admin", world.county_x)


def _upload(rows, name="组织.xlsx"):
    return SimpleUploadedFile(name, workbook_bytes([SheetSpec("组织", HEADERS, rows)]))


def _validated(world, actor, rows, capture) -> ImportJob:
    with capture(execute=True):
        job = import_job_create(kind="orgs", org=world.county_x, actor=actor, upload=_upload(rows))
    job.refresh_from_db()
    return job


# ---- registry --------------------------------------------------------------------------------------------


def test_the_registry_knows_the_registered_kinds_and_refuses_others():
    assert importer_for("orgs").label == "组织导入"
    assert importer_for("members").action == "members.manage"
    assert exporter_for("orgs").label == "组织列表"
    assert exporter_for("members").key == "members"
    with pytest.raises(ValidationError) as exc:
        importer_for("nonsense")
    assert exc.value.messages == ["未知的导入类型"]
    with pytest.raises(ValidationError) as exc:
        exporter_for("nonsense")
    assert exc.value.messages == ["未知的导出类型"]


def test_the_org_importer_offers_the_orgs_its_user_manages(world, county_admin):
    importer = importer_for("orgs")
    assert [o.code for o in importer.target_orgs(county_admin)] == ["CX", "ORGA"]
    assert [o.code for o in importer.target_orgs(world.org_admin)] == ["ORGA"]
    assert list(importer.target_orgs(world.org_member)) == []
    assert importer.preview_headers() == ["组织编码", "工会名称", "上级组织编码", "层级", "所在单位"]


# ---- upload ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("组织.csv", b"a,b", "请上传 Excel 文件（.xlsx 或 .xls）"),
        ("组织.xlsx", b"", "文件是空的"),
    ],
)
def test_an_upload_that_is_not_an_excel_file_is_refused(world, county_admin, name, content, message):
    with pytest.raises(ValidationError) as exc:
        import_job_create(
            kind="orgs", org=world.county_x, actor=county_admin, upload=SimpleUploadedFile(name, content)
        )
    assert exc.value.message_dict == {"file": [message]}
    assert not ImportJob.objects.exists()


def test_an_upload_into_an_org_the_actor_does_not_manage_is_denied(world):
    for actor in (world.org_member, world.outsider, world.org_admin):
        with pytest.raises(PermissionDenied):
            import_job_create(kind="orgs", org=world.county_x, actor=actor, upload=_upload(GOOD))
    assert not ImportJob.objects.exists()


def test_an_upload_queues_validation_and_records_the_upload(
    world, county_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = import_job_create(kind="orgs", org=world.county_x, actor=county_admin, upload=_upload(GOOD))
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.attempt, job.file_name, job.total_rows) == (
        ImportStatus.VALIDATING,
        1,
        "组织.xlsx",
        0,
    )
    entry = TimelineEntry.objects.get()
    assert (entry.action, entry.to_state, entry.note, entry.actor_id) == (
        "upload",
        "validating",
        "组织.xlsx",
        county_admin.pk,
    )


# ---- validation, preview, report --------------------------------------------------------------------------


def test_validation_counts_rows_lists_problems_and_previews_the_valid_rows(
    world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, [*GOOD, BAD_PARENT, NO_NAME], django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.VALIDATED
    assert (job.total_rows, job.valid_rows, job.error_count, job.unchanged_rows) == (4, 2, 2, 0)
    assert job.errors == [
        [4, "上级组织编码", "上级组织编码 NOPE 不存在，或不在“导入到”的组织及其下级之中"],
        [5, "工会名称", "必填，不能为空"],
    ]
    assert job.preview == [
        ["2", "CX02", "甲县第二中学工会", "CX", "基层工会", "甲县第二中学"],
        ["3", "CX03", "甲县第三中学工会", "CX", "基层工会", "甲县第三中学"],
    ]
    assert not Org.objects.filter(code__in=["CX02", "CX03"]).exists()  # validation writes nothing


def test_a_file_without_the_required_columns_fails_validation_with_the_reason(
    world, county_admin, django_capture_on_commit_callbacks
):
    content = workbook_bytes([SheetSpec("组织", ["姓名", "电话"], [["张三", "13800000000"]])])
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            kind="orgs", org=world.county_x, actor=county_admin, upload=SimpleUploadedFile("x.xlsx", content)
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert not job.retryable
    assert job.message == "没有找到表头行：前 10 行中没有可识别的列名"
    with pytest.raises(ValidationError) as exc:
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.VALID)
    assert exc.value.messages == [f"本次导入未能完成：{job.message} 请修改文件后重新上传"]


def test_the_error_report_is_the_rows_with_problems_as_uploaded_plus_an_explanation(
    client, world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, [*GOOD, BAD_PARENT, NO_NAME], django_capture_on_commit_callbacks)
    client.force_login(county_admin)
    response = client.post(reverse("spreadsheets:import_job_errors", args=[job.public_id]))
    assert response.status_code == 200
    assert "%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A-%E7%BB%84%E7%BB%87.xlsx" in response["Content-Disposition"]
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names == ["错误行", "问题清单"]
    assert workbook.get_sheet_by_index(0).to_python() == [
        [*HEADERS, "错误说明"],
        [*BAD_PARENT, "原第 4 行 · 上级组织编码：上级组织编码 NOPE 不存在，或不在“导入到”的组织及其下级之中"],
        [*NO_NAME, "原第 5 行 · 工会名称：必填，不能为空"],
    ]
    assert workbook.get_sheet_by_name("问题清单").to_python() == [
        ["原行号", "列", "问题"],
        [4, "上级组织编码", "上级组织编码 NOPE 不存在，或不在“导入到”的组织及其下级之中"],
        [5, "工会名称", "必填，不能为空"],
    ]


def test_the_error_report_is_the_uploaders_only(
    client, world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, [BAD_PARENT], django_capture_on_commit_callbacks)
    other_admin = make_cadre("county_x_admin_2", world.county_x)
    url = reverse("spreadsheets:import_job_errors", args=[job.public_id])
    for other, status in (
        (other_admin, 404),
        (world.outsider, 404),
        (world.org_admin, 404),
        (world.org_member, 403),
    ):
        client.force_login(other)
        assert client.post(url).status_code == status
        assert client.get(job.get_absolute_url()).status_code == status
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()


# ---- commit modes and refusals ----------------------------------------------------------------------------


def test_mode_all_refuses_a_file_with_problems_naming_how_many(
    world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, [*GOOD, BAD_PARENT], django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.ALL)
    assert exc.value.message_dict == {
        "mode": [
            "文件中有 1 个问题，选择“全部无误才导入”时不会导入任何数据；请修改后重新上传，或选择“只导入无误的行”"
        ]
    }
    with pytest.raises(ValidationError) as exc:
        import_job_commit_request(job=job, actor=county_admin, mode="")
    assert exc.value.message_dict == {"mode": ["请选择导入方式：“全部无误才导入”或“只导入无误的行”"]}
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED


def test_mode_valid_imports_the_good_rows_audits_and_records_the_result(
    world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, [*GOOD, BAD_PARENT], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.VALID)
    job.refresh_from_db()
    assert (job.status, job.mode, job.imported_rows, job.attempt) == (ImportStatus.DONE, "valid", 2, 2)
    created = Org.objects.filter(code__in=["CX02", "CX03"]).order_by("code")
    assert [(o.code, o.path[: -Org.steplen], o.depth) for o in created] == [
        ("CX02", world.county_x.path, world.county_x.depth + 1),
        ("CX03", world.county_x.path, world.county_x.depth + 1),
    ]
    audit = AuditLog.objects.get(action=AuditAction.ADMIN_EDIT, summary__startswith="导入")
    assert audit.summary == "导入组织导入 2 行（文件 组织.xlsx）"
    assert audit.org_id == world.county_x.pk
    assert list(
        TimelineEntry.objects.filter(object_id=job.pk)
        .order_by("pk")
        .values_list("action", "to_state", "note")
    ) == [
        ("upload", "validating", "组织.xlsx"),
        ("commit", "committing", "只导入无误的行"),
        ("commit", "done", "导入 2 行"),
    ]
    with pytest.raises(ValidationError) as exc:
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.VALID)
    assert exc.value.messages == ["本次导入已完成（导入 2 行），不能重复导入；如需再次导入请重新上传文件"]


def test_mode_all_fails_at_the_recheck_when_the_data_changed_since_the_preview(
    world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, GOOD, django_capture_on_commit_callbacks)
    Org.objects.add_child(world.county_x, {"code": "CX02", "name": "别人先建的工会", "unit_name": "某单位"})
    with django_capture_on_commit_callbacks(execute=True):
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.ALL)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message == "复核时发现 1 个问题，按“全部无误才导入”未导入任何数据"
    assert job.errors == [[2, "组织编码", "组织编码 CX02 已存在"]]
    assert not Org.objects.filter(code="CX03").exists()


def test_a_file_without_a_single_valid_row_cannot_be_committed(
    world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, [BAD_PARENT], django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as exc:
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.VALID)
    assert exc.value.messages == ["没有可以导入的数据行，请修改文件后重新上传"]


def test_a_job_still_validating_cannot_be_committed(world, county_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(kind="orgs", org=world.county_x, actor=county_admin, upload=_upload(GOOD))
    with pytest.raises(ValidationError) as exc:
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.ALL)
    assert exc.value.messages == ["文件还在校验中，请等校验完成、看过预览后再确认导入"]


def test_only_the_uploader_may_commit_or_cancel(world, county_admin, django_capture_on_commit_callbacks):
    job = _validated(world, county_admin, GOOD, django_capture_on_commit_callbacks)
    other_admin = make_cadre("county_x_admin_2", world.county_x)
    for actor in (other_admin, world.outsider):
        with pytest.raises(PermissionDenied):
            import_job_commit_request(job=job, actor=actor, mode=ImportMode.ALL)
        with pytest.raises(PermissionDenied):
            import_job_cancel(job=job, actor=actor)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED


def test_a_validated_job_cancelled_cannot_be_committed(
    world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, GOOD, django_capture_on_commit_callbacks)
    import_job_cancel(job=job, actor=county_admin)
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    with pytest.raises(ValidationError) as exc:
        import_job_commit_request(job=job, actor=county_admin, mode=ImportMode.ALL)
    assert exc.value.messages == ["本次导入已取消，如需导入请重新上传文件"]
    assert not Org.objects.filter(code="CX02").exists()


# ---- progress ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "percent"),
    [
        ({"done": 0, "total": 0}, 0),
        ({"done": 1, "total": 3}, 33),
        ({"done": 2, "total": 3}, 67),
        ({"done": 5, "total": 4}, 100),
        ({}, 0),
    ],
)
def test_progress_percent(info, percent):
    assert progress_percent(info) == percent


def test_the_reporter_writes_every_step_rows_and_the_last_one():
    reporter = Reporter("import", 9901, total=450, stage="校验", step=200)
    assert progress_get("import", 9901) == {"done": 0, "total": 450, "stage": "校验"}
    reporter(150)
    assert progress_get("import", 9901)["done"] == 0
    reporter(200)
    assert progress_get("import", 9901)["done"] == 200
    reporter(399)
    assert progress_get("import", 9901)["done"] == 200
    reporter(450)
    assert progress_get("import", 9901) == {"done": 450, "total": 450, "stage": "校验"}
    assert progress_get("import", 9902) == {"done": 0, "total": 0, "stage": ""}


def test_the_job_page_polls_while_running_and_shows_the_stage(
    client, world, county_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(kind="orgs", org=world.county_x, actor=county_admin, upload=_upload(GOOD))
    progress_set("import", job.pk, done=1, total=4, stage="校验")
    client.force_login(county_admin)
    partial = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="import-status" hx-get=')
    assert 'data-progress="25">25%' in partial
    assert "正在校验：1 / 4 行" in partial
    assert "<html" not in partial
    full = client.get(job.get_absolute_url()).content.decode()
    assert "<html" in full
    assert 'data-status="validating"' in full


def test_the_validated_page_offers_the_modes_the_preview_and_the_error_report(
    client, world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, [*GOOD, BAD_PARENT], django_capture_on_commit_callbacks)
    client.force_login(county_admin)
    page = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in page  # finished polling
    assert 'data-progress="100"' in page
    assert 'data-error-count="1"' in page
    assert 'data-imported-count="2"' in page
    assert 'value="all" disabled' in page
    assert "导入无误的 2 行，跳过有问题的行" in page
    assert "<td>甲县第三中学工会</td>" in page
    assert "data-error-report" in page


# ---- pages and permissions --------------------------------------------------------------------------------


def test_the_import_pages_admit_holders_of_the_action_only(client, world, county_admin):
    url = reverse("spreadsheets:import_start", args=["orgs"])
    expected = {county_admin: 200, world.org_admin: 200, world.outsider: 200, world.org_member: 403}
    for actor, status in expected.items():
        client.force_login(actor)
        assert client.get(url).status_code == status, actor.username
    client.force_login(county_admin)
    assert client.get(reverse("spreadsheets:import_start", args=["nonsense"])).status_code == 404


def test_the_template_download_has_the_importers_headers(client, world, county_admin):
    client.force_login(county_admin)
    response = client.get(reverse("spreadsheets:import_template", args=["orgs"]))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    headers = [str(cell) for cell in rows[0] if cell != ""]
    assert headers[:6] == ["组织编码*", "工会名称*", "上级组织编码*", "层级*", "所在单位*", "简称"]


def test_uploading_through_the_page_goes_to_the_job_and_a_sibling_org_is_not_offered(
    client, world, county_admin, django_capture_on_commit_callbacks
):
    url = reverse("spreadsheets:import_start", args=["orgs"])
    client.force_login(world.outsider)
    response = client.post(url, {"org": world.county_x.pk, "file": _upload(GOOD)})
    assert response.status_code == 200
    assert "不能导入到所选组织" in response.content.decode()
    assert not ImportJob.objects.exists()
    client.force_login(county_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"org": world.county_x.pk, "file": _upload(GOOD)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.created_by_id, job.org_id, job.status) == (county_admin.pk, world.county_x.pk, "validated")
    assert "已上传“组织.xlsx”，正在校验" in client.get(response["Location"]).content.decode()
    listing = client.get(url).content.decode()
    assert job.get_absolute_url() in listing


def test_an_upload_the_service_refuses_is_shown_on_the_form(client, world, county_admin):
    # given
    client.force_login(county_admin)
    url = reverse("spreadsheets:import_start", args=["orgs"])
    # when
    response = client.post(url, {"org": world.county_x.pk, "file": SimpleUploadedFile("组织.csv", b"a,b")})
    # then
    assert response.status_code == 200
    assert "请上传 Excel 文件（.xlsx 或 .xls）" in response.content.decode()
    assert not ImportJob.objects.exists()
    # and an empty post names the missing fields
    empty = client.post(url, {}).content.decode()
    assert "请选择导入到哪个组织" in empty
    assert "请选择要上传的文件" in empty


def test_committing_through_the_page_flashes_the_outcome(
    client, world, county_admin, django_capture_on_commit_callbacks
):
    job = _validated(world, county_admin, [*GOOD, BAD_PARENT], django_capture_on_commit_callbacks)
    client.force_login(county_admin)
    url = reverse("spreadsheets:import_job_commit", args=[job.public_id])
    assert client.get(url).status_code == 405
    page = client.post(url, {"mode": "all"}, follow=True).content.decode()
    assert "文件中有 1 个问题" in page
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"mode": "valid"}, follow=True).content.decode()
    assert "已确认导入，正在后台导入，完成后本页会显示结果" in page
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert world.county_x.get_absolute_url() in client.get(job.get_absolute_url()).content.decode()
