import pytest

from gonghui.accounts.identity import mask_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三明", "张*明"),
        ("张三", "张*"),
        ("欧阳峰锋", "欧**锋"),
        ("李", "李"),
        (" 王小二 ", "王*二"),
        ("", ""),
    ],
)
def test_mask_name_keeps_the_first_and_last_character(name, masked):
    assert mask_name(name) == masked
