"""Reads of 困难职工帮扶, one module per part: `files` (the file list, one file, the detail page), `households`,
`classing`, `intake` (the member's own file, 我的办理), `cycle` (reviews due, follow-ups, counts) and `aid`."""
