"""Production headers: a strict Content-Security-Policy on every page (and none of our templates needs inline
script or style), a stricter one on documents and JSON, the API docs under their own small exceptions, frame
denial, referrer policy, no caching of signed-in pages; production settings pass `check --deploy`."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from plumbing.middleware import FILE_POLICY, build_policy

ROOT = Path(__file__).resolve().parents[2]
PAGE_POLICY = build_policy(settings.SECURE_CSP)
# Templates rendered to PDF by WeasyPrint, never served to a browser, keep their <style>.
PDF_TEMPLATES = {"payments/documents/pdf_base.html"}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def template_files():
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    for folder in folders:
        for path in folder.rglob("*.html"):
            yield path.relative_to(folder).as_posix(), path


def test_no_template_has_inline_script_style_or_handlers():
    found = []
    for name, path in template_files():
        if name in PDF_TEMPLATES:
            continue
        text = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", path.read_text(), flags=re.S)
        found += [f"{path.relative_to(ROOT)}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert not found


def test_no_python_html_has_inline_style():
    found = []
    apps = ("accounts", "payments", "coverage", "appeals", "providers", "portal")
    for path in (p for app in apps for p in (ROOT / app).rglob("*.py")):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"format_html\([^)]*(style=|<script|\son[a-z]+=)", text):
            found.append(str(path.relative_to(ROOT)))
    assert not found


def test_the_page_policy_is_strict():
    policy = directives(PAGE_POLICY)
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/status-check/", "/appeals/follow/", "/admin/login/"])
def test_pages_carry_the_policy_and_the_other_headers(client, url):
    response = client.get(url)
    assert response["Content-Security-Policy"] == PAGE_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_404_page_carries_the_policy(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Security-Policy"] == PAGE_POLICY


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/packages", "/api/schema/", "/healthz", "/api/v1/me"])
def test_json_and_other_non_pages_get_the_file_policy(client, url):
    assert client.get(url)["Content-Security-Policy"] == FILE_POLICY


@pytest.mark.django_db
def test_swagger_runs_from_files_under_the_page_policy(client):
    page = client.get(reverse("api-docs"))
    assert page["Content-Security-Policy"] == PAGE_POLICY
    html = page.content.decode()
    script = re.search(r'<script src="([^"]+\?[^"]*script[^"]*)"', html).group(1).replace("&amp;", "&")
    assert client.get(script)["Content-Type"].startswith("application/javascript")


@pytest.mark.django_db
def test_redoc_may_style_itself_but_runs_no_inline_script(client):
    response = client.get(reverse("api-redoc"))
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and "'unsafe-inline'" in policy["style-src"]
    html = response.content.decode()
    assert "fonts.googleapis.com" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)


@pytest.mark.django_db
def test_signed_in_pages_and_api_answers_are_not_cached(client, citizen):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(citizen)
    for url in (reverse("accounts:cabinet"), reverse("payments:my_payments"), reverse("v1:me")):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.django_db
def test_token_answers_are_not_cached(client, citizen):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=citizen)
    response = client.get(reverse("v1:me-status"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert "no-store" in response["Cache-Control"]


def test_production_settings_pass_check_deploy():
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}  # nothing else from the tests
    env.update(
        DEBUG="false",
        SECRET_KEY="k" * 20 + "7f3a9c1e5b2d8f4a6c0e9b7d5f3a1c8e6b4d2f0a9c7e5b3",
        ALLOWED_HOSTS="saqtandyru.example.kz",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp://mail.example.kz:587",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_HTTPONLY, "
            "s.X_FRAME_OPTIONS, s.SECURE_SSL_REDIRECT)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert shown.stdout.split() == ["True", "True", "31536000", "True", "DENY", "True"], shown.stderr
