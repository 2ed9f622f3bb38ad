"""The agreement's rules as pure Python (no frappe import): working-time calendars and deadlines,
urgency, entitlement, release versions and the figures the service is measured by.

The Frappe side imports from the submodules (``after_sales.agreement.calendar`` and so on); the
public names of the rule modules are also available here.
"""

from after_sales.agreement.calendar import (
	AlwaysOpen,
	BusinessHours,
	Calendar,
	deadline,
	twenty_four_seven,
	working_time,
)
from after_sales.agreement.entitlement import (
	MIN_FREE_MONTHS,
	ContractStatus,
	ContractTerms,
	Entitlement,
	add_months,
	contract_status,
	covers,
	entitlement_on,
	free_service_end,
	overlaps,
	pick_contract,
)
from after_sales.agreement.urgency import (
	DEFAULT_URGENT_KEYWORDS,
	Classification,
	Urgency,
	classify,
	find_urgent_keyword,
	parse_keywords,
)
from after_sales.agreement.versions import (
	compare_versions,
	is_valid_version,
	newest,
	sortable_version,
	version_key,
)

__all__ = [
	"DEFAULT_URGENT_KEYWORDS",
	"MIN_FREE_MONTHS",
	"AlwaysOpen",
	"BusinessHours",
	"Calendar",
	"Classification",
	"ContractStatus",
	"ContractTerms",
	"Entitlement",
	"Urgency",
	"add_months",
	"classify",
	"compare_versions",
	"contract_status",
	"covers",
	"deadline",
	"entitlement_on",
	"find_urgent_keyword",
	"free_service_end",
	"is_valid_version",
	"newest",
	"overlaps",
	"parse_keywords",
	"pick_contract",
	"sortable_version",
	"twenty_four_seven",
	"version_key",
	"working_time",
]
