"""Timeline rows of 民主管理; call inside the transaction of the change with a `CongressAction`, `SessionAction`,
`ProposalAction`, `ContractAction` or `ElectionAction` member."""

from gonghui.core.timeline import timeline_step as congresses_event

__all__ = ["congresses_event"]
