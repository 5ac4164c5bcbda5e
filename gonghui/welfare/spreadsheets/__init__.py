"""困难职工帮扶 as xlsx, one module per part: the file list (`files.py`) and the aid records in a saved layout of the
national 帮扶 system's columns (`aid.py`). Every export is audited by its service and served no-store."""
