from .arrears import EmployerArrear
from .categories import CategoryDocument, CategoryMembership, CategoryRequest, PreferentialCategory
from .documents import Certificate
from .registers import Knp, Payment, QuarantinedRow, Register
from .rulebook import BaseRate, ContributionRate, MinimumWage, StateRate
from .status import Basis, Group, PersonStatus, StatusChange, group_of

__all__ = [
    "BaseRate",
    "Basis",
    "CategoryDocument",
    "CategoryMembership",
    "CategoryRequest",
    "Certificate",
    "ContributionRate",
    "EmployerArrear",
    "Group",
    "Knp",
    "MinimumWage",
    "Payment",
    "PersonStatus",
    "PreferentialCategory",
    "QuarantinedRow",
    "Register",
    "StateRate",
    "StatusChange",
    "group_of",
]
