"""The partnerships and resources domain (strategy VI.1 and VI.2)."""

from .agreements import (
    IN_FORCE,
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementReminder,
    AgreementStatus,
)
from .engagement import EngagementLevel, MemberStateEngagement, comprehensive_problem
from .partners import (
    MEMBER_STATE_BODIES,
    FocalPoint,
    Partner,
    PartnerMerge,
    PartnerType,
    RelationshipLevel,
    Sector,
)
from .resources import (
    BudgetAllocation,
    BudgetComponent,
    BudgetLine,
    CostCategory,
    ExtrabudgetaryProject,
    FundingStatus,
    InKindContribution,
    InKindKind,
    biennium_of,
)

__all__ = [
    "IN_FORCE",
    "MEMBER_STATE_BODIES",
    "Agreement",
    "AgreementDocument",
    "AgreementKind",
    "AgreementReminder",
    "AgreementStatus",
    "BudgetAllocation",
    "BudgetComponent",
    "BudgetLine",
    "CostCategory",
    "EngagementLevel",
    "ExtrabudgetaryProject",
    "FocalPoint",
    "FundingStatus",
    "InKindContribution",
    "InKindKind",
    "MemberStateEngagement",
    "Partner",
    "PartnerMerge",
    "PartnerType",
    "RelationshipLevel",
    "Sector",
    "biennium_of",
    "comprehensive_problem",
]
