"""The name's pinyin read from pypinyin's data files gives what pypinyin's own phrase reading gives."""

import random

from pypinyin import lazy_pinyin

from gonghui.members.pinyin import _char_table, _phrases, name_search_fields

NAME_CHARS = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕蔡贾丁叶余潘杜夏汪任方石"
    "姚陆郝白万汤尹单解朴乐区查仇盖长重行会朝都伟芳娜英强洋明超平红浩思俊一鸣子涵"
)


def _pypinyin(name: str) -> dict[str, str]:
    syllables = [s for s in lazy_pinyin(name, errors="ignore") if s]
    return {
        "name_pinyin": "".join(syllables).lower()[:200],
        "name_initials": "".join(s[0] for s in syllables).lower()[:50],
    }


def test_same_reading_as_pypinyin_on_random_names_and_phrases():
    rng = random.Random(27)
    every_char = [chr(int(k)) for k in _char_table() if 0x4E00 <= int(k) <= 0x9FFF]
    phrases = sorted(_phrases()[0])
    names = []
    for n in range(3000):
        parts = (
            rng.choice(NAME_CHARS),
            rng.choice(every_char),
            rng.choice(phrases),
            rng.choice(NAME_CHARS) if n % 3 else "·",
        )
        names.append("".join(rng.choice(parts) for _ in range(rng.choice((1, 2, 3, 3, 4)))))
    names += ["张三", "曾志伟", "单田芳", "吕", "阿不都·热合曼", "Anna王", "", "重庆长", "银行行长"]
    different = [
        (n, name_search_fields(n), _pypinyin(n)) for n in names if name_search_fields(n) != _pypinyin(n)
    ]
    assert different == []
    assert name_search_fields("绿") == {"name_pinyin": "lv", "name_initials": "l"}
    assert name_search_fields("张三") == {"name_pinyin": "zhangsan", "name_initials": "zs"}
