"""Reference data loaded by migrations survives transactional tests (which flush every table)."""

import pytest

from gonghui.calendars.models import CalendarDay
from gonghui.codelists.models import CodeItem


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_code_lists():
    assert CodeItem.objects.filter(list_key="education", code="21").get().name == "大学本科毕业"


@pytest.mark.django_db
def test_code_lists_and_calendar_are_there_after_a_transactional_test():
    assert CodeItem.objects.filter(list_key="education").count() == 9
    assert CalendarDay.objects.filter(date__year=2025).exists()
