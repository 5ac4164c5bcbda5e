"""Workbooks of 学习培训: the trainees of a training class (names, units, posts, status, hours, assessment,
certificate numbers) and the yearly hours report (per cadre or per union; per-union counts of people follow the
"<10" rule). Names leave the platform: the exports are POSTs, audited, never cached."""

from collections.abc import Iterable, Sequence

from gonghui.core.excel import SheetSpec, workbook_bytes

from .choices import AssessmentResult, TraineeStatus
from .models import Trainee, TrainingClass
from .selectors.classes import HoursRow

TRAINEE_HEADERS = ("序号", "姓名", "推荐单位", "工会职务", "状态", "学时", "考核结果", "考核说明", "证书编号")


def trainees_workbook(training_class: TrainingClass, trainees: Iterable[Trainee]) -> tuple[bytes, int]:
    # the labels forced once per workbook, not per row
    statuses = {code: str(label) for code, label in TraineeStatus.choices}
    results = {code: str(label) for code, label in AssessmentResult.choices}
    rows = [
        [
            index,
            t.member.name,
            t.org.name,
            t.post,
            statuses.get(t.status, t.status),
            float(t.hours),
            results.get(t.result, t.result),
            t.result_note,
            t.certificate.number if t.certificate else "",
        ]
        for index, t in enumerate(trainees, start=1)
    ]
    notes = [
        f"培训班：{training_class.title}（{training_class.year}年）",
        f"主办工会：{training_class.org.name}；{training_class.starts_on:%Y-%m-%d} 至 "
        f"{training_class.ends_on:%Y-%m-%d}；地点：{training_class.place}",
    ]
    sheet = SheetSpec(
        name="学员名单",
        headers=TRAINEE_HEADERS,
        rows=rows,
        widths=(6, 10, 26, 14, 8, 8, 8, 24, 20),
        notes=notes,
    )
    return workbook_bytes([sheet]), len(rows)


def hours_workbook(year: int, view: str, rows: Sequence[HoursRow]) -> tuple[bytes, int]:
    if view == "union":
        headers: tuple[str, ...] = ("序号", "工会", "人数", "课时学时", "结课学时", "培训班学时", "合计")
        data = [
            [i, r.name, r.people_shown, float(r.lessons), float(r.courses), float(r.classes), float(r.total)]
            for i, r in enumerate(rows, start=1)
        ]
        widths: tuple[int, ...] = (6, 30, 8, 10, 10, 12, 10)
    else:
        headers = ("序号", "姓名", "所在工会", "课时学时", "结课学时", "培训班学时", "合计")
        data = [
            [i, r.name, r.org, float(r.lessons), float(r.courses), float(r.classes), float(r.total)]
            for i, r in enumerate(rows, start=1)
        ]
        widths = (6, 10, 30, 10, 10, 12, 10)
    sheet = SheetSpec(
        name=f"{year}年学时统计",
        headers=headers,
        rows=data,
        widths=widths,
        notes=[f"{year}年学时统计：课时学时（课时学满计入）、结课学时（课程完成）、培训班学时（课次签到）"],
    )
    return workbook_bytes([sheet]), len(data)
