"""A local fake of the LINE Messaging API (push and reply), so tests never leave the machine.

`fake_line` (a fixture, see tests/core/conftest.py) starts it in a thread, points the SDK at it
(settings.LINE_API_BASE) and turns the LINE channel on with test credentials. Like LINE it accepts an
X-Line-Retry-Key once (a second push with the same key is a 409). `fake.mode` makes it answer "ok",
"revoked" (401, a revoked channel token), "forbidden" (403), "down" (500) or "rate" (429).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "test-channel-secret"
TOKEN = "test-channel-access-token"


class FakeLine:
    def __init__(self) -> None:
        self.pushes: list[dict] = []  # accepted pushes: {"to", "text", "retry_key", "auth"}
        self.replies: list[dict] = []
        self.requests: list[str] = []  # every request path, accepted or not
        self.mode = "ok"
        self.retry_keys: set[str] = set()
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                with fake.lock:
                    fake.requests.append(self.path)
                    if fake.mode in ("revoked", "forbidden"):
                        return self._answer(
                            401 if fake.mode == "revoked" else 403, {"message": "Authentication failed"}
                        )
                    if fake.mode == "down":
                        return self._answer(500, {"message": "Internal error"})
                    if fake.mode == "rate":
                        return self._answer(429, {"message": "Too many requests"})
                    if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                        return self._answer(401, {"message": "Authentication failed"})
                    text = " ".join(m.get("text", "") for m in body.get("messages", []))
                    if self.path == "/v2/bot/message/push":
                        key = self.headers.get("X-Line-Retry-Key", "")
                        if key and key in fake.retry_keys:
                            return self._answer(409, {"message": "The retry key is already accepted"})
                        fake.retry_keys.add(key)
                        fake.pushes.append({"to": body.get("to"), "text": text, "retry_key": key})
                        return self._answer(
                            200, {"sentMessages": [{"id": str(len(fake.pushes)), "quoteToken": "q"}]}
                        )
                    if self.path == "/v2/bot/message/reply":
                        fake.replies.append({"reply_token": body.get("replyToken"), "text": text})
                        return self._answer(200, {"sentMessages": [{"id": "r1", "quoteToken": "q"}]})
                    return self._answer(404, {"message": "Not found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeLine:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def pushes_to(self, line_user_id: str) -> list[dict]:
        return [p for p in self.pushes if p["to"] == line_user_id]


def sign(body: str, secret: str = SECRET) -> str:
    """The X-Line-Signature LINE would send for `body`."""
    return base64.b64encode(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()).decode()


def text_message_body(
    *, user_id: str, text: str, event_id: str = "01HEVENT0000000000000000000", redelivery: bool = False
) -> str:
    """A webhook body with one text message from a user."""
    return json.dumps(
        {
            "destination": "Uoa",
            "events": [
                {
                    "type": "message",
                    "mode": "active",
                    "timestamp": 1700000000000,
                    "webhookEventId": event_id,
                    "deliveryContext": {"isRedelivery": redelivery},
                    "source": {"type": "user", "userId": user_id},
                    "replyToken": "reply-" + event_id,
                    "message": {"type": "text", "id": "1", "text": text, "quoteToken": "q"},
                }
            ],
        }
    )


def unfollow_body(*, user_id: str) -> str:
    return json.dumps(
        {
            "destination": "Uoa",
            "events": [
                {
                    "type": "unfollow",
                    "mode": "active",
                    "timestamp": 1700000000000,
                    "webhookEventId": "01HUNF",
                    "deliveryContext": {"isRedelivery": False},
                    "source": {"type": "user", "userId": user_id},
                }
            ],
        }
    )
