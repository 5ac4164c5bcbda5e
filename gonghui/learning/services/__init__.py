"""Services (writes) of 学习培训, one module per part."""
