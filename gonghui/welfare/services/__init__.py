"""Writes of 困难职工帮扶, one module per part: `households`, `classing`, `intake`, `files` (the flow from 初审 to
建档 and 公示), `cycle` (复核, 脱困, 注销, follow-ups, purge) and `aid`."""
