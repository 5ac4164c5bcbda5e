from django.core.files.base import ContentFile

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.core.excel import SheetSpec, workbook_bytes
from gonghui.spreadsheets.choices import ExportStatus, ImportStatus
from gonghui.spreadsheets.models import ExportJob, ImportJob


@build_world("spreadsheets")
def _spreadsheets_world(world):
    content = workbook_bytes([SheetSpec("组织", ["组织编码", "工会名称"], [["ORGA-X", "测试"]])])
    job = ImportJob(
        kind="orgs",
        org=world.org_a,
        created_by=world.org_admin,
        status=ImportStatus.VALIDATED,
        file_name="甲.xlsx",
    )
    job.file.save("甲.xlsx", ContentFile(content), save=False)
    job.errors = [[3, "组织编码", "甲的错误"]]
    job.error_count = 1
    job.valid_rows = 1
    job.save()
    world.extra["import_job_a"] = job
    export = ExportJob(
        kind="orgs",
        created_by=world.org_admin,
        status=ExportStatus.DONE,
        total_rows=1,
        file_name="组织列表.xlsx",
    )
    export.file.save("组织列表.xlsx", ContentFile(content), save=False)
    export.save()
    world.extra["export_job_a"] = export


for name in ["spreadsheets:import_start", "spreadsheets:import_template", "spreadsheets:export_start"]:
    declare(CrawlRoute(name, kind="catalogue", params=lambda w: {"kind": "orgs"}))

for name in [
    "spreadsheets:import_job",
    "spreadsheets:import_job_commit",
    "spreadsheets:import_job_cancel",
    "spreadsheets:import_job_retry",
    "spreadsheets:import_job_errors",
]:
    declare(
        CrawlRoute(name, kind="personal", params=lambda w: {"public_id": w.extra["import_job_a"].public_id})
    )

for name in [
    "spreadsheets:export_job",
    "spreadsheets:export_job_download",
    "spreadsheets:export_job_cancel",
    "spreadsheets:export_job_retry",
]:
    declare(
        CrawlRoute(name, kind="personal", params=lambda w: {"public_id": w.extra["export_job_a"].public_id})
    )
