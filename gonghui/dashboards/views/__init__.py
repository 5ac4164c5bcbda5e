"""数据看板 pages, one module per part: coverage and membership (`coverage`), 女职工工作 (`women`)."""
