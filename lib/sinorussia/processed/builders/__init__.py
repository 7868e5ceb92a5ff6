"""One builder module per source family. Importing this package registers them all.

Each module declares its tables (`register(Table(...))`) and one or more `@builder` functions that
say which raw files they read. Modules are discovered, so adding a family means adding a file.
"""
from __future__ import annotations

import importlib
import pkgutil

for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if not _mod.startswith("_"):
        importlib.import_module(f"{__name__}.{_mod}")
