"""Fund staff roles: Django groups whose permissions are declared here, in one place.

A role grants permissions by (app label, model, actions). A model that does not exist yet
is simply skipped, so the same table serves as apps grow; `sync_roles` is idempotent.
The Django admin then shows each role only the models and actions it may use.
"""

from __future__ import annotations

FUND_OPERATOR = "fund_operator"
APPEALS_OFFICER = "appeals_officer"
CATALOGUE_EDITOR = "catalogue_editor"
AUDITOR = "auditor"
APPEALS_SUPERVISOR = "appeals_supervisor"  # an appeals officer who also gets the nightly deadline alerts

ALL = ("view", "add", "change", "delete")
EDIT = ("view", "add", "change")
VIEW = ("view",)

# role -> {app_label: {model_name or "*": actions}}
ROLES: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    FUND_OPERATOR: {
        "accounts": {"person": EDIT, "user": ("view", "confirm")},  # confirms identities at a fund office
        "payments": {"payment": VIEW, "*": EDIT},
        "coverage": {"medicalorganisation": VIEW},  # to link provider accounts to an organisation
        "providers": {"providerlookup": VIEW, "*": EDIT},
        "transparency": {"*": VIEW},
    },
    APPEALS_OFFICER: {
        "accounts": {"person": VIEW},
        "coverage": {"*": VIEW},
        "appeals": {"*": EDIT},
        "transparency": {"*": VIEW},
    },
    APPEALS_SUPERVISOR: {
        "accounts": {"person": VIEW},
        "coverage": {"*": VIEW},
        "appeals": {"*": (*EDIT, "supervise")},
        "transparency": {"*": VIEW},
    },
    CATALOGUE_EDITOR: {
        "coverage": {"*": ALL},
    },
    AUDITOR: {
        "accounts": {"person": VIEW, "user": VIEW, "accessrecord": VIEW},
        "payments": {"*": VIEW},
        "coverage": {"*": VIEW},
        "appeals": {"*": VIEW},
        "providers": {"*": VIEW},
        "transparency": {"*": VIEW},
    },
}


def sync_roles(group_model, permission_model) -> None:
    """Make every role group hold exactly the permissions ROLES gives it (works in migrations too)."""
    for role, grants in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = []
        for app_label, models in grants.items():
            perms = permission_model.objects.filter(content_type__app_label=app_label)
            for perm in perms:
                action, _, model = perm.codename.partition("_")
                actions = models.get(model, models.get("*", ()))
                if model == perm.content_type.model and action in actions:
                    wanted.append(perm)
        group.permissions.set(wanted)
