"""Fixtures of the kernel tests: the error log of this test in a folder of its own."""

from __future__ import annotations

import pytest


@pytest.fixture
def log_file(tmp_path):
    from core.kernel import error_log

    before = error_log.use_directory(tmp_path / "log")
    yield tmp_path / "log" / error_log.FILE_NAME
    error_log.use_directory(before)
