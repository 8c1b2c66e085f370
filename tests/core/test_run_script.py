"""`make run` serves as production does (gunicorn, DEBUG off); `make dev` keeps runserver with DEBUG."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_script(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    spec = importlib.util.spec_from_file_location("otop_run_script", ROOT / "scripts" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _option(command, name):
    return command[command.index(name) + 1]


def test_it_serves_with_gunicorn_gthread_workers_from_the_core_count(run_script):
    command = run_script.gunicorn_command(host="127.0.0.1", port="8000", cores=2)
    assert command[:4] == [sys.executable, "-m", "gunicorn", "otop_portal.wsgi:application"]
    assert _option(command, "--bind") == "127.0.0.1:8000"
    assert _option(command, "--workers") == "5"  # 2 x 2 cores + 1
    assert _option(command, "--worker-class") == "gthread"
    assert _option(command, "--access-logfile") == "-"
    # No proxy is believed unless one is named (deploy/ names its nginx).
    assert _option(command, "--forwarded-allow-ips") == ""


def test_it_caps_the_workers_on_a_big_machine_and_keeps_two_on_one_core(run_script):
    assert _option(run_script.gunicorn_command(cores=64), "--workers") == str(run_script.MAX_WEB_WORKERS)
    assert _option(run_script.gunicorn_command(cores=1), "--workers") == "3"


def test_it_takes_the_workers_from_web_concurrency(run_script, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    assert _option(run_script.gunicorn_command(cores=16), "--workers") == "2"


def test_it_runs_debug_off_and_dev_runs_debug_on(run_script, monkeypatch):
    monkeypatch.setenv("DEBUG", "true")  # e.g. from .env: `make run` is production-like anyway
    assert run_script.child_environ(dev=False)["DEBUG"] == "false"
    assert run_script.child_environ(dev=True)["DEBUG"] == "true"
    assert run_script.runserver_command(host="127.0.0.1", port="8000")[2:] == ["runserver", "127.0.0.1:8000"]


def test_its_worker_runs_beat_and_consumes_every_queue(run_script):
    command = run_script.worker_command()
    assert "--beat" in command
    assert _option(command, "-Q").split(",") == ["default", "reports", "notifications"]
