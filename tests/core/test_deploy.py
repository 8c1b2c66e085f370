import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _environ():
    # The browser tests' conftest allows async-unsafe calls in the test process only.
    return {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY")}


def test_production_settings_pass_check_deploy_without_warnings():
    env = {**_environ(), "DJANGO_SETTINGS_MODULE": "otop_portal.settings.production",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "otop.example.org"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _environ()
    # not the checkout's .env either, where `make run` keeps a generated key
    (tmp_path / "empty.env").write_text("")
    env.update({"DJANGO_SETTINGS_MODULE": "otop_portal.settings.production", "ALLOWED_HOSTS": "x",
                "ENV_FILE": str(tmp_path / "empty.env")})
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    # The hashed-manifest storage fails on a reference to a missing file (e.g. a vendored
    # library's source map): `make run` and deployments run collectstatic.
    env = {**_environ(), "DJANGO_SETTINGS_MODULE": "otop_portal.settings.production",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "x", "STATIC_ROOT": str(tmp_path)}
    code = ("import django, os; django.setup(); from django.conf import settings; "
            "settings.STATIC_ROOT = os.environ['STATIC_ROOT']; "
            "from django.core.management import call_command; call_command('collectstatic', '--noinput', verbosity=0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()
