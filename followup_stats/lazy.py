"""Names a package imports only when first asked for (PEP 562).

``followup_stats`` and ``followup_stats.importers`` give their public names
and their submodules this way, so that a command imports only what it uses
(``--help`` no pandas, ``check`` not the import command's merging).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any


def attribute(package: str, homes: Mapping[str, str], namespace: dict[str, Any], name: str) -> Any:
    """``name`` of ``package``, imported now and kept in its ``namespace`` (its globals).

    A name of ``homes`` comes from its module there (a full dotted name);
    any other is a submodule (``followup_stats.checker``), as when the
    package imported every one.

    Raises
    ------
    AttributeError
        For a name that is neither (a submodule's own failed import is raised as is).
    """
    if name in homes:
        value = getattr(importlib.import_module(homes[name]), name)
    elif not name.startswith("__"):
        try:
            value = importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    namespace[name] = value
    return value


def names(homes: Mapping[str, str], namespace: dict[str, Any]) -> list[str]:
    """The package's ``dir()``: what it holds and what it would import, each once."""
    return sorted({*namespace, *homes})
