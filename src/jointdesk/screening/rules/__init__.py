"""The rules of safeguards.md §3, one module per family; importing this package registers them."""

import jointdesk.screening.rules.dna
import jointdesk.screening.rules.freeze_locate
import jointdesk.screening.rules.general_quality
import jointdesk.screening.rules.general_scope
import jointdesk.screening.rules.trafficking
import jointdesk.screening.rules.transfer_legal
import jointdesk.screening.rules.transfer_risk  # noqa: F401
