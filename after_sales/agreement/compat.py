"""Python-version shims for the pure core. Pure Python: no frappe import."""

import sys
from enum import Enum

if sys.version_info >= (3, 11):
	from enum import StrEnum
else:  # pragma: no cover - Python 3.10 (Frappe v15 supports it)

	class StrEnum(str, Enum):
		def __str__(self) -> str:
			return str(self.value)


__all__ = ["StrEnum"]
