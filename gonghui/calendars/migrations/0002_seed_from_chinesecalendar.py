"""Seed 法定节假日 (on weekdays) and 调休 make-up days from the chinesecalendar package. Reversible."""

from django.db import migrations


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("calendars", "CalendarDay")
    CalendarYear = apps.get_model("calendars", "CalendarYear")
    holidays = chinese_calendar.constants.holidays
    workdays = chinese_calendar.constants.workdays
    years = sorted({d.year for d in holidays} | {d.year for d in workdays})
    known = set(CalendarYear.objects.values_list("year", flat=True))
    new_years = [y for y in years if y not in known]

    def name(detail):
        try:
            return chinese_calendar.constants.Holiday(detail).chinese
        except ValueError:
            return str(detail)

    rows = [
        CalendarDay(date=d, kind="holiday", name=name(v))
        for d, v in holidays.items()
        if d.year in new_years and d.weekday() < 5
    ]
    rows += [CalendarDay(date=d, kind="workday", name=f"{name(v)}调休") for d, v in workdays.items() if d.year in new_years]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    CalendarYear.objects.bulk_create([CalendarYear(year=y) for y in new_years], ignore_conflicts=True)


def unseed(apps, schema_editor):
    apps.get_model("calendars", "CalendarDay").objects.all().delete()
    apps.get_model("calendars", "CalendarYear").objects.filter(source="chinesecalendar").delete()


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
