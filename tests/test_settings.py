"""Production settings are checked in a fresh interpreter: settings are read once, at import."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DJANGO_CACHE_DIR": "/tmp/newsreader-deploy-check-cache",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_of_a_cache_per_process():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_CACHE_DIR"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "newsreader.W001" in result.stderr + result.stdout
    assert "DJANGO_CACHE_DIR" in result.stderr + result.stdout


def test_production_without_secret_key_fails_loudly():
    env = {"DJANGO_ALLOWED_HOSTS": "news.example.org"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_fails_loudly():
    env = {"DJANGO_SECRET_KEY": PRODUCTION["DJANGO_SECRET_KEY"]}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_cache_dir_gives_all_workers_one_cache(tmp_path):
    code = (
        "from django.core.cache import cache; cache.set('shared', 42);"
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    env = {**PRODUCTION, "DJANGO_CACHE_DIR": str(tmp_path)}
    first = manage("shell", "--no-imports", "-c", code, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "django.core.cache.backends.filebased.FileBasedCache"
    second = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache; print(cache.get('shared'))",
        env=env,
    )
    assert second.stdout.strip() == "42"  # another process reads what the first one wrote
