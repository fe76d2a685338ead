from .categories import CategoryMembership, PreferentialCategory
from .registers import Knp, Payment, Register
from .rulebook import BaseRate, ContributionRate, MinimumWage, StateRate
from .status import Basis, PersonStatus, StatusChange

__all__ = [
    "BaseRate",
    "Basis",
    "CategoryMembership",
    "ContributionRate",
    "Knp",
    "MinimumWage",
    "Payment",
    "PersonStatus",
    "PreferentialCategory",
    "Register",
    "StateRate",
    "StatusChange",
]
