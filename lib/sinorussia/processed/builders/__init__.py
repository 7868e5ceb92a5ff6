"""One builder module per source family. Importing this package registers them all.

Each module declares its tables (`register(Table(...))`) and one or more `@builder` functions that
say which raw files they read. Modules are discovered, so adding a family means adding a file. A
family too large for one module is a subpackage (trade/, energy/): its modules are discovered too,
and its builders keep the family's name ('trade.build_trade'; see registry.family).
"""

from __future__ import annotations

import importlib
import pkgutil

# walk_packages descends into the family subpackages; modules whose name starts with '_' (shared
# helpers) are imported by the modules that use them, not here.
for _mod in sorted(m.name for m in pkgutil.walk_packages(__path__, prefix=f"{__name__}.")):
    if not _mod.rsplit(".", 1)[-1].startswith("_"):
        importlib.import_module(_mod)
