from .arrears import EmployerArrear
from .categories import CategoryDocument, CategoryMembership, CategoryRequest, PreferentialCategory
from .documents import Certificate
from .registers import Knp, Payment, QuarantinedRow, Register
from .rulebook import BaseRate, ContributionRate, MinimumWage, StateRate
from .status import Basis, PersonStatus, StatusChange

__all__ = [
    "BaseRate",
    "Basis",
    "CategoryDocument",
    "CategoryMembership",
    "CategoryRequest",
    "Certificate",
    "ContributionRate",
    "EmployerArrear",
    "Knp",
    "MinimumWage",
    "Payment",
    "PersonStatus",
    "PreferentialCategory",
    "QuarantinedRow",
    "Register",
    "StateRate",
    "StatusChange",
]
