"""Warming the analysis at start-up: servers do, other commands and tests do not."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.apps import serving

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/srv/.venv/bin/gunicorn", "-c", "newsreader/gunicorn.conf.py"], True),
        (["/usr/lib/python3/site-packages/gunicorn/__main__.py", "-c", "x"], True),
        (["manage.py", "runserver"], True),
        (["./manage.py", "migrate"], False),
        (["/srv/app/manage.py", "rebuild_search_index"], False),
        (["manage.py"], False),
        (["/srv/.venv/bin/django-admin", "check"], False),
        (["/srv/.venv/lib/python3.13/site-packages/django/__main__.py", "shell"], False),
        ([], True),
    ],
)
def test_only_a_serving_process_warms(argv, expected):
    assert serving(argv) is expected
    assert serving(argv, under_pytest=True) is False


def _fresh_process(code: str) -> str:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "newsreader.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_a_server_process_has_the_lexicon_loaded_before_any_request():
    # As gunicorn does (argv[0] is its script): django.setup() runs search's ready().
    code = (
        "import sys, django; sys.argv = ['gunicorn']; django.setup();"
        "from core import arabic;"
        "print(arabic.lexicon.cache_info().currsize, arabic._plural_families.cache_info().currsize)"
    )
    assert _fresh_process(code) == "1 1"


def test_a_management_command_does_not_warm():
    # (The lexicon itself is loaded by every process already: assistant.similarity
    # analyses its word lists at import. The plural families are search's own cost.)
    code = (
        "import sys, time, django; sys.argv = ['manage.py', 'check']; django.setup();"
        "from core import arabic; print(arabic._plural_families.cache_info().currsize)"
    )
    assert _fresh_process(code) == "0"


def test_warming_is_idempotent_and_quick_once_warm():
    from core.arabic import warm

    warm()
    start = time.perf_counter()
    warm()
    assert time.perf_counter() - start < 0.05
