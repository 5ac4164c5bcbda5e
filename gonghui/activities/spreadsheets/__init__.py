"""The xlsx files of 活动与志愿服务, one module per part (exports and imports)."""
