"""The OpenAPI schema generates with no warning, and its docs page needs nothing from elsewhere."""

from __future__ import annotations

import re

import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_the_schema_generates_without_a_warning(tmp_path):
    target = tmp_path / "schema.yml"
    # --fail-on-warn turns any warning into an error; --validate checks it against OpenAPI 3.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for action in [
        "submit",
        "approve",
        "request-changes",
        "reject",
        "schedule",
        "publish",
        "withdraw",
    ]:
        assert "post" in paths[f"/api/excerpts/{{id}}/{action}/"]
    assert "apiToken" in schema["components"]["securitySchemes"]


def test_the_schema_is_served_to_anyone(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/excerpts/{id}/approve/" in response.content


def test_the_docs_page_has_no_inline_script_and_only_its_own_assets(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "<style" not in html and " style=" not in html
    assert 'data-schema-url="/api/schema/"' in html
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), asset
    assert "http://" not in html.replace('href="http://', "") and "https://" not in html
