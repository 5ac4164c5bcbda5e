"""Demo data of 民主管理 (filled in by the demo part)."""


def seed_congresses() -> str:
    """A university 教代会 with 二级教代会 in four colleges, a hospital 职代会, a small school's 教职工大会, 30 proposals
    in every state, 集体合同 in the 民办 schools, two unions past their term."""
    return "民主管理：暂无演示数据"
