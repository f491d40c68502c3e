"""The trainer token of the simulated services the tests start, in-process (tests.support.world) or as a
process (tests.support.world_process): one per test process, sent as the trainer's tools send it."""

from __future__ import annotations

from servers.trainer_auth import make_token

TOKEN = make_token()
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
