"""E-mail backends that fail, for the drills (a worker process uses them too: state lives in files).

- ``FlakyBackend``: each message (told apart by its Message-ID) is refused with a connection error on its
  first ``OTOP_FAULTS_FAIL_FIRST`` attempts (default 2) and accepted after; accepted messages are appended
  to ``$OTOP_FAULTS_MAIL_DIR/sent.jsonl`` (one JSON line per copy that "reached the server").
- ``AlwaysFailingBackend``: the mail server is down: every send is refused.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


def mail_dir() -> Path:
    path = Path(os.environ.get("OTOP_FAULTS_MAIL_DIR", "/tmp/otop-faults-mail"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def sent_messages() -> list[dict]:
    """Every copy the flaky server accepted, in order."""
    path = mail_dir() / "sent.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


class FlakyBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        fail_first = int(os.environ.get("OTOP_FAULTS_FAIL_FIRST", "2"))
        folder = mail_dir()
        accepted = 0
        for message in email_messages:
            message_id = message.extra_headers.get("Message-ID", "")
            counter = folder / f"attempts-{hashlib.sha256(message_id.encode()).hexdigest()[:16]}"
            with open(folder / "lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                seen = int(counter.read_text()) if counter.exists() else 0
                counter.write_text(str(seen + 1))
                if seen < fail_first:
                    raise ConnectionRefusedError(111, f"Connection refused (drill, attempt {seen + 1})")
                with open(folder / "sent.jsonl", "a") as out:
                    out.write(
                        json.dumps(
                            {
                                "message_id": message_id,
                                "to": message.to,
                                "subject": message.subject,
                                "body": message.body,
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
            accepted += 1
        return accepted


class AlwaysFailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused (drill: the mail server is down)")
