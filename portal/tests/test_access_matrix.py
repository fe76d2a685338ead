"""Who may open what: every URL of the project, tried as each persona.

The resolver is walked (web pages, the API, the admin with every registered model's list, add, change, delete and
history pages, and each admin's own extra pages). Every URL must be classified in RULES below, or be a standard
page of a registered admin model, whose rule comes from the roles' declared permissions (accounts.roles): a URL
nobody classified fails `test_every_url_is_classified`, so a new page cannot slip through untested.

Personas: anonymous, the owner of the data (a citizen), another citizen (outsider), a clinic's front desk
(provider), and one fund staff member per role. For each URL and persona the expected outcome is one of

* OK(codes): served (the status is one of `codes`);
* LOGIN: sent to sign in (a redirect to the portal's or the admin's sign-in page; 401 from the API);
* DENY: refused, 403 or 404.

Whatever the outcome, a persona that is not the owner and not among those the rule lets see the owner's data
(`sees`) must not find any of the owner's secrets (IIN, e-mail, appeal text, request note) in the response: a
page that answers 200 with someone else's data is caught even when its status looks harmless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import roles

from . import world as security_world

pytestmark = pytest.mark.django_db

CITIZENS = ("owner", "outsider")
STAFF = tuple(roles.ROLES)
PERSONAS = ("anonymous", *CITIZENS, "provider", *STAFF)
APPEAL_READERS = (roles.APPEALS_OFFICER, roles.APPEALS_SUPERVISOR, roles.AUDITOR)  # appeals.view_appeal


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", "login", "deny"
    codes: tuple[int, ...] = ()


def OK(*codes: int) -> Outcome:  # noqa: N802 - reads as a table
    return Outcome("ok", codes or (200,))


LOGIN = Outcome("login")
DENY = Outcome("deny", (403, 404))


@dataclass
class Rule:
    expect: dict[str, Outcome]
    kwargs: object = None  # callable(world) -> dict of URL kwargs
    method: str = "get"
    data: dict = field(default_factory=dict)
    query: str = ""
    sees: tuple[str, ...] = ("owner",)  # who may find the owner's data in the answer


def everyone(outcome: Outcome, **kw) -> Rule:
    return Rule(dict.fromkeys(PERSONAS, outcome), **kw)


def public(*codes: int, **kw) -> Rule:
    return everyone(OK(*codes), **kw)


def own(staff: Outcome = DENY, provider: Outcome | None = None, anonymous: Outcome = LOGIN, **kw) -> Rule:
    """A signed-in person's own page: each sees only their own; accounts without a person get `staff`."""
    expect = {"anonymous": anonymous, "owner": OK(), "outsider": OK(), "provider": provider or staff}
    expect.update(dict.fromkeys(STAFF, staff))
    return Rule(expect, **kw)


def owners(readers: tuple[str, ...] = (), anonymous: Outcome = LOGIN, others: Outcome = DENY, **kw) -> Rule:
    """One object of the owner's: the owner and the staff roles in `readers` open it, everyone else is refused."""
    ok = kw.pop("ok", OK())
    expect = dict.fromkeys(PERSONAS, others)
    expect.update({"anonymous": anonymous, "owner": ok, **dict.fromkeys(readers, ok)})
    return Rule(expect, sees=("owner", *readers), **kw)


def signed_out_only(**kw) -> Rule:
    """Sign-in and sign-up: the form for the anonymous, a redirect for whoever is signed in already."""
    return Rule({p: OK(200) if p == "anonymous" else OK(302) for p in PERSONAS}, **kw)


def second_factor_page(staff: Outcome) -> Rule:
    expect = {"anonymous": LOGIN, **dict.fromkeys((*CITIZENS, "provider"), OK(302)), **dict.fromkeys(STAFF, staff)}
    return Rule(expect, sees=())


def appeal_number(w):
    return {"number": w.appeal.number}


def iin_of_owner(w):
    return {"iin": w.owner.username}


def package(w):
    from coverage.models import Package

    p = Package.objects.filter(published=True).order_by("pk").first()
    return {"code": p.code, "version": p.version}


# --- the admin: roles' declared permissions ------------------------------------------------------------------


def granted(role: str, label: str) -> tuple[str, ...]:
    """The actions accounts.roles.ROLES grants `role` on `app_label.model` (the policy, not the database)."""
    app_label, model = label.split(".")
    grants = roles.ROLES[role].get(app_label, {})
    return grants.get(model, grants.get("*", ()))


def role_may(role: str, label: str, action: str) -> bool:
    actions = granted(role, label)
    return action in actions or (action == "view" and "change" in actions)  # the admin shows what one may change


def staff_rule(label: str, action: str, *, everyone_refused: bool = False, **kw) -> Rule:
    """An admin page needing `action` on `label`: roles granted it are served, other staff 403, non-staff sign in."""
    expect = dict.fromkeys(("anonymous", *CITIZENS, "provider"), LOGIN)
    allowed = [] if everyone_refused else [r for r in STAFF if role_may(r, label, action)]
    served = OK(*kw.pop("codes", ()))
    expect.update({role: served if role in allowed else Outcome("deny", (403,)) for role in STAFF})
    return Rule(expect, sees=tuple(allowed), **kw)


def any_staff(**kw) -> Rule:
    expect = dict.fromkeys(("anonymous", *CITIZENS, "provider"), LOGIN)
    served = OK(*kw.pop("codes", ()))
    expect.update(dict.fromkeys(STAFF, served))
    return Rule(expect, sees=STAFF, **kw)


def app_index(app_label: str) -> Rule:
    """admin/<app>/: staff with some permission in the app; other staff 404; non-staff sign in."""
    expect = dict.fromkeys(("anonymous", *CITIZENS, "provider"), LOGIN)
    for role in STAFF:
        expect[role] = OK() if roles.ROLES[role].get(app_label) else Outcome("deny", (404,))
    return Rule(expect, kwargs=lambda w: {"app_label": app_label}, sees=STAFF)


ADMIN_APPS = sorted({m._meta.app_label for m in admin.site._registry})

# --- the table: every URL that is not a standard admin model page ------------------------------------------------

RULES: dict[str, Rule] = {
    # portal
    "home": public(),
    "help": public(),
    "healthz": public(),
    "ping": public(),
    # accounts
    "accounts:signup": signed_out_only(),
    "accounts:login": signed_out_only(),
    "accounts:logout": public(302, method="post"),
    "accounts:cabinet": own(staff=OK(200, 404)),
    "accounts:contacts": own(staff=OK()),
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": public(kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "accounts:password_reset_complete": public(),
    # payments
    "payments:my_status": own(),
    "payments:my_payments": own(),
    "payments:status_check": public(),
    "payments:calculator": public(),
    "payments:category_requests": own(),
    "payments:category_document": owners(
        readers=(roles.FUND_OPERATOR, roles.AUDITOR), kwargs=lambda w: {"pk": w.category_document.pk}
    ),
    "documents:statement_csv": own(),
    "documents:statement_pdf": own(),
    "documents:certificate_issue": own(),
    "documents:certificate_pdf": owners(kwargs=lambda w: {"number": w.certificate.pk}),
    # public by design: genuine or not, initials and a masked IIN, never the IIN itself
    "documents:certificate_verify": public(kwargs=lambda w: {"number": w.certificate.pk}),
    # coverage
    "coverage:catalogue": public(),
    "coverage:compare": public(),
    "coverage:changes_2026": public(),
    "coverage:search": public(query="q=J45"),
    "coverage:for_me": own(),
    "coverage:package": public(kwargs=package),
    "organisations:list": public(),
    "organisations:detail": public(kwargs=lambda w: {"bin": w.clinic.bin}),
    # appeals
    "appeals:new": public(),
    "appeals:filed": public(302),  # only after this session filed: otherwise back to the form
    "appeals:filed_note": everyone(DENY),  # only for the session that filed, for ten minutes
    "appeals:mine": own(),
    "appeals:follow": public(),
    "appeals:attachment": owners(APPEAL_READERS, anonymous=DENY, kwargs=lambda w: {"pk": w.attachment.pk}),
    "appeals:ranking": public(),
    "appeals:reviews": public(kwargs=lambda w: {"bin": w.clinic.bin}),
    "appeals:detail": owners(APPEAL_READERS, anonymous=OK(302), kwargs=appeal_number),
    # transparency: counts only, small cells hidden
    "transparency:page": public(),
    "transparency:csv": public(kwargs=lambda w: {"slug": "insured-today"}),
    # a citizen's actions on their appeal: the owner only, staff included in "everyone else"
    "appeals:comment": owners(anonymous=DENY, ok=OK(400), kwargs=appeal_number, method="post"),
    "appeals:rate": owners(anonymous=DENY, ok=OK(400), kwargs=appeal_number, method="post"),
    "appeals:reopen": owners(anonymous=DENY, ok=OK(400), kwargs=appeal_number, method="post"),
    "appeals:accept": owners(anonymous=DENY, ok=OK(302), kwargs=appeal_number, method="post"),
    # providers
    "providers:front_desk": Rule(
        {**{p: Outcome("deny", (403,)) for p in PERSONAS}, "anonymous": LOGIN, "provider": OK()},
        sees=("provider",),
    ),
    "providers:my_lookups": own(),
    # the API's schema and documentation
    "api-schema": public(),
    "api-docs": public(),
    "api-redoc": public(),
    # API: accounts
    "v1:auth-token": public(400, method="post", data={"iin": "000000000000", "password": "x"}),
    "v1:me": own(staff=OK()),
    # API: payments
    "v1:status-check": public(kwargs=iin_of_owner),  # insured or not: nothing else, and not the IIN
    "v1:me-status": own(),
    "v1:me-payments": own(),
    "v1:me-statement": own(),
    "v1:calculator": public(query="payer=employee&period=2025-03&income=300000"),
    # API: coverage
    "v1:packages": public(),
    "v1:package": public(kwargs=package),
    "v1:package-sections": public(kwargs=package),
    "v1:disease-lists": public(),
    "v1:diseases": public(200, 400),
    "v1:organisations": public(),
    "v1:organisation": public(kwargs=lambda w: {"bin": w.clinic.bin}),
    # API: the front desk
    "v1:provider-status": Rule(
        {**{p: Outcome("deny", (403,)) for p in PERSONAS}, "anonymous": LOGIN, "provider": OK()},
        kwargs=iin_of_owner,
        query="reason=visit",
        sees=("provider",),
    ),
    # API: appeals (filing is a POST for anyone, tested in appeals; here: nothing to GET)
    "v1:appeals": public(405),
    "v1:appeal": owners(APPEAL_READERS, anonymous=DENY, kwargs=appeal_number),
    "v1:appeal-comments": owners(anonymous=DENY, ok=OK(400, 409), kwargs=appeal_number, method="post"),
    # admin: the site's own pages
    "admin:index": any_staff(),
    "admin:login": Rule({p: OK(200) if p in ("anonymous", *CITIZENS, "provider") else OK(302) for p in PERSONAS}),
    "admin:logout": public(302, method="post", sees=()),
    "admin:password_change": any_staff(),
    "admin:password_change_done": any_staff(),
    "admin:jsi18n": any_staff(),
    "admin:autocomplete": staff_rule(
        "coverage.medicalorganisation",
        "view",
        query="app_label=providers&model_name=providerorganisation&field_name=organisation",
    ),
    "admin:view_on_site": Rule(  # no model of ours has a public address: nothing to redirect to
        {**dict.fromkeys(("anonymous", *CITIZENS, "provider"), LOGIN), **{r: Outcome("deny", (404,)) for r in STAFF}},
        kwargs=lambda w: {"content_type_id": "1", "object_id": w.owner.pk},
    ),
    "admin:app_list": None,  # one rule per app: see admin_urls()
    # admin: the second factor, each staff member's own (citizens are sent back to their cabinet; tried here with a
    # session that has passed it: the step itself is tested in accounts/tests/test_second_factor.py)
    "admin:second_factor": second_factor_page(OK(200)),
    "admin:second_factor_verify": second_factor_page(OK(302)),  # passed already: on to `next`
    "admin:second_factor_set_up": second_factor_page(OK(200)),
    "admin:second_factor_codes": second_factor_page(OK(302)),  # no new codes to show: to the second factor page
    "admin:second_factor_codes_download": second_factor_page(Outcome("deny", (404,))),
    "admin:auth_user_password_change": staff_rule(
        "accounts.user", "change", everyone_refused=True, kwargs=lambda w: {"id": w.owner.pk}
    ),
    # admin: each ModelAdmin's own pages
    "admin:payments_register_progress": staff_rule("payments.register", "view", kwargs=lambda w: {"pk": w.register.pk}),
    "admin:payments_register_quarantine": staff_rule(
        "payments.register", "view", kwargs=lambda w: {"pk": w.register.pk}
    ),
    "admin:payments_categoryrequest_decide": staff_rule(
        "payments.categoryrequest", "change", kwargs=lambda w: {"pk": w.category_request.pk}
    ),
    "admin:payments_dashboard": staff_rule("payments.personstatus", "view"),
    "admin:payments_employerarrear_report": staff_rule("payments.employerarrear", "view"),
    "admin:payments_employerarrear_export": staff_rule("payments.employerarrear", "view"),
    "admin:coverage_medicalorganisation_import": staff_rule("coverage.medicalorganisation", "add"),
    "admin:coverage_organisationimport_quarantine": staff_rule(
        "coverage.organisationimport", "view", kwargs=lambda w: {"pk": w.organisation_import.pk}
    ),
    "admin:providers_providerlookup_summary": staff_rule("providers.providerlookup", "view"),
    "admin:providers_providerlookup_export": staff_rule("providers.providerlookup", "view"),
    "admin:appeals_appeal_work": staff_rule("appeals.appeal", "change", kwargs=lambda w: {"pk": w.appeal.pk}),
    "admin:appeals_appeal_dashboard": staff_rule("appeals.appeal", "view"),
    "admin:appeals_appeal_file": staff_rule("appeals.appeal", "add"),  # appeals officers file for callers
    "admin:appeals_appeal_filed": staff_rule("appeals.appeal", "add", codes=(302,)),  # nothing filed: to the queue
    "admin:transparency_figures_csv": staff_rule(
        "transparency.figures", "view", kwargs=lambda w: {"slug": "appeals-regions"}
    ),
    # admin's last pattern: any other address under /admin/
    "admin:<catch-all>": Rule(
        {**dict.fromkeys(("anonymous", *CITIZENS, "provider"), LOGIN), **{r: Outcome("deny", (404,)) for r in STAFF}}
    ),
}

# --- walking the resolver -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "admin/payments/register/<int:pk>/progress/"
    name: str | None  # namespaced, e.g. "admin:payments_register_progress"
    view: str  # dotted path of the view


def walk(patterns=None, prefix: str = "", namespace: str | None = None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace and (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(prefix + str(pattern.pattern), name, pattern.lookup_str)


def model_admin_pages() -> dict[str, tuple]:
    """Every standard admin page of a registered model: its name → (model, which page)."""
    pages = {}
    for model in admin.site._registry:
        opts = model._meta
        for page in ("changelist", "add", "change", "delete", "history", "simple_history"):
            pages[f"admin:{opts.app_label}_{opts.model_name}_{page}"] = (model, page)
    return pages


def legacy_redirects() -> dict[str, type]:
    """admin/<app>/<model>/<id>/ (Django's redirect of old change addresses) of every registered model."""
    return {f"admin/{m._meta.app_label}/{m._meta.model_name}/<path:object_id>/": m for m in admin.site._registry}


def classify(route: Route) -> str | None:
    """The key of the rule that covers a route, or None when nobody classified it."""
    if route.name in RULES or route.name in model_admin_pages():
        return route.name
    if route.name is None and route.route in legacy_redirects():
        return f"legacy:{route.route}"
    if route.name is None and route.view.endswith("AdminSite.catch_all_view"):
        return "admin:<catch-all>"
    return None


def test_every_url_is_classified():
    routes = list(walk())
    assert len(routes) > 150
    unclassified = [f"{r.route}  ({r.name or r.view})" for r in routes if classify(r) is None]
    assert not unclassified, "URLs with no access rule (add them to RULES):\n" + "\n".join(unclassified)
    names = {r.name for r in routes}
    stale = [key for key in RULES if key not in names and not key.startswith("admin:<")]
    assert not stale, f"rules for URLs that no longer exist: {stale}"


# --- trying them -----------------------------------------------------------------------------------------------


@pytest.fixture
def world(citizen, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return security_world.build(citizen, outsider)


LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def check(client: Client, world, persona: str, url: str, rule: Rule, problems: list[str], expected: Outcome):
    cache.clear()  # rate limits and lock-outs are tested elsewhere: here every request starts afresh
    client.logout()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    full = f"{url}?{rule.query}" if rule.query else url
    response = getattr(client, rule.method)(full, rule.data)
    status = response.status_code
    where = f"{rule.method.upper()} {full} as {persona}: {status}"
    is_api = url.startswith("/api/")
    if expected.kind == "ok" and status not in expected.codes:
        problems.append(f"{where}, expected {expected.codes}")
    elif expected.kind == "login":
        to_login = status == 302 and response["Location"].split("?")[0] in LOGIN_PATHS
        if not (to_login or (is_api and status == 401)):
            problems.append(f"{where}, expected a redirect to sign in")
    elif expected.kind == "deny" and status not in expected.codes:
        problems.append(f"{where}, expected {expected.codes}")
    if persona not in rule.sees and not getattr(response, "streaming", False):
        body = response.content.decode("utf-8", "replace")
        leaked = [secret for secret in world.secrets if secret in body]
        if leaked:
            problems.append(f"{where}: shows the owner's {leaked}")


def admin_urls(world) -> list[tuple[str, str, Rule]]:
    """(key, url, rule) for every admin model page and the per-app indexes, with rules from the roles."""
    out = []
    for name, (model, page) in model_admin_pages().items():
        label, admin_class = model._meta.label_lower, admin.site._registry[model]
        row = security_world.first(model)
        if page == "changelist":
            out.append((name, reverse(name), staff_rule(label, "view")))
        elif page == "add":
            allowed_at_all = admin_class.has_add_permission(_superuser_request())
            out.append((name, reverse(name), staff_rule(label, "add", everyone_refused=not allowed_at_all)))
        elif page in ("change", "history"):
            out.append((name, reverse(name, args=[row.pk]), staff_rule(label, "view")))
            if page == "change":  # saving: only roles that may change, and never a model the admin keeps read-only
                changeable = admin_class.has_change_permission(_superuser_request("post"), row)
                rule = staff_rule(label, "change", everyone_refused=not changeable, method="post", codes=(200, 302))
                out.append((f"{name} (save)", reverse(name, args=[row.pk]), rule))
        elif page == "delete":
            allowed_at_all = admin_class.has_delete_permission(_superuser_request(), row)
            rule = staff_rule(label, "delete", everyone_refused=not allowed_at_all)
            out.append((name, reverse(name, args=[row.pk]), rule))
        elif page == "simple_history" and hasattr(model, "history"):
            version = row.history.order_by("-history_id").first()
            out.append((name, reverse(name, args=[row.pk, version.history_id]), staff_rule(label, "view")))
    for route, model in legacy_redirects().items():
        row = security_world.first(model)
        url = "/" + route.replace("<path:object_id>", str(row.pk))
        out.append((f"legacy:{route}", url, everyone(OK(301, 302), sees=())))
    for app_label in ADMIN_APPS:
        out.append((f"admin:app_list {app_label}", reverse("admin:app_list", args=[app_label]), app_index(app_label)))
    out.append(("admin:<catch-all>", "/admin/no-such-page/", RULES["admin:<catch-all>"]))
    return out


def _superuser_request(method: str = "get"):
    """A request by someone with every permission: what a ModelAdmin refuses even them is refused to all."""
    from django.test import RequestFactory

    from accounts.models import User

    request = getattr(RequestFactory(), method)("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    return request


def project_urls(world) -> list[tuple[str, str, Rule]]:
    out = []
    for route in walk():
        rule = RULES.get(route.name)
        if rule is None or route.name.startswith("admin:<") or route.name == "admin:app_list":
            continue
        kwargs = rule.kwargs(world) if rule.kwargs else {}
        out.append((route.name, reverse(route.name, kwargs=kwargs), rule))
    return out


def run(urls, world) -> list[str]:
    problems: list[str] = []
    client = Client(raise_request_exception=True)
    for _key, url, rule in urls:
        for persona in PERSONAS:
            check(client, world, persona, url, rule, problems, rule.expect[persona])
    return problems


def test_pages_and_api(world):
    urls = project_urls(world)
    assert len(urls) >= 70
    problems = run(urls, world)
    assert not problems, f"{len(problems)} access problems:\n" + "\n".join(problems)


def test_admin(world):
    urls = admin_urls(world)
    assert len(urls) >= 150
    problems = run(urls, world)
    assert not problems, f"{len(problems)} access problems:\n" + "\n".join(problems)


def test_the_roles_table_and_the_database_agree(world):
    """The policy in accounts.roles is what the role groups hold after migrate (so the tests above test it)."""
    wrong = [
        (role, f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        for role, user in world.staff.items()
        for model in admin.site._registry
        for action in ("view", "add", "change", "delete")
        if user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        != (action in granted(role, model._meta.label_lower))
    ]
    assert not wrong


def test_secrets_are_in_the_owners_pages(world):
    """A control for the leak check: the owner does see their own secrets where they should."""
    client = Client()
    client.force_login(world.owner)
    page = client.get(reverse("appeals:detail", args=[world.appeal.number])).content.decode()
    assert security_world.APPEAL_TEXT in page
    assert re.search(world.owner.username, client.get(reverse("v1:me")).content.decode())
