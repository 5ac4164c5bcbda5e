"""Keys and labels of the code lists. Their default values (shared/domain/codes.md) are loaded by the data
migration 0002_load_default_lists and stay editable as data."""

POLITICAL_STATUS = "political_status"
EDUCATION = "education"
ETHNICITY = "ethnicity"
UNIT_CATEGORY = "unit_category"
INDUSTRY = "industry"
EMPLOYMENT = "employment"
ID_TYPE = "id_type"

LIST_LABELS = {
    POLITICAL_STATUS: "政治面貌（GB/T 4762）",
    EDUCATION: "学历（GB/T 4658）",
    ETHNICITY: "民族（GB 3304）",
    UNIT_CATEGORY: "单位类别",
    INDUSTRY: "行业（GB/T 4754）",
    EMPLOYMENT: "用工性质",
    ID_TYPE: "证件类型",
}
