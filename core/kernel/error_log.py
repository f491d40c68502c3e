"""The PDV's error log: the traceback of every unexpected error, secrets masked, in a rotating
file in the user's log folder (platformdirs). Never on the terminal: the cashier reads one
Portuguese line; support reads this file.

Nothing is opened at start-up: the file handler (and `logging.handlers`) is set up on the first
error, so the login screen costs the same with or without it. The masking is done by a Filter
on the logger itself (every handler gets masked records) and again by the file's Formatter.
"""

from __future__ import annotations

import logging
import reprlib
import threading
import traceback
from pathlib import Path
from types import TracebackType

from core.kernel.redact import MASK, is_secret_name, redact

LOGGER_NAME = "pdv"
FILE_NAME = "pdv.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
LOCALS_FRAMES = 3
"""The innermost frames whose local variables are written (masked) under the traceback."""
FORMAT = "%(asctime)s %(levelname)s [pid %(process)d %(threadName)s] %(message)s"

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
"""The names `--log-level` accepts."""

_directory: Path | None = None
_level = logging.INFO
_ready = False
_setup_lock = threading.Lock()


def log_dir() -> Path:
    """Where the log goes: `use_directory`'s folder, else the user's log folder."""
    if _directory is not None:
        return _directory
    from platformdirs import user_log_path

    return user_log_path("pdv-sim", appauthor=False)


def log_path() -> Path:
    return log_dir() / FILE_NAME


def use_directory(directory: Path | None) -> Path | None:
    """Sends the log to `directory` from now on (None: the user's log folder); returns the
    folder set before, for a test to put back."""
    global _directory, _ready
    with _setup_lock:
        before = _directory
        _directory = Path(directory) if directory is not None else None
        logger = logging.getLogger(LOGGER_NAME)
        for handler in list(logger.handlers):
            if getattr(handler, "_pdv_file", False):
                logger.removeHandler(handler)
                handler.close()
        _ready = False
    return before


def set_level(name: str) -> None:
    """From now on only records at `name` (a key of LEVELS) or above reach the file."""
    global _level
    _level = LEVELS[name.lower()]
    logging.getLogger(LOGGER_NAME).setLevel(_level)


def level_name() -> str:
    return logging.getLevelName(_level).lower()


def format_exception(exc_info: tuple[type[BaseException], BaseException, TracebackType | None]) -> str:
    """The traceback, then the local variables of the innermost frames (secret names masked,
    long values cut), all of it masked again by `redact`."""
    kind, error, tb = exc_info
    text = "".join(traceback.format_exception(kind, error, tb))
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    lines = []
    for frame in frames[-LOCALS_FRAMES:]:
        code = frame.f_code
        lines.append(f"  variáveis de {code.co_name} ({Path(code.co_filename).name}:{frame.f_lineno}):")
        for name, value in list(frame.f_locals.items())[:30]:
            lines.append(f"    {name} = {_value_text(name, value)}")
    if lines:
        text += "\n".join(lines) + "\n"
    return redact(text)


_short = reprlib.Repr()
_short.maxstring = 160
_short.maxother = 160
_short.maxlist = _short.maxtuple = _short.maxdict = _short.maxset = 12
_short.maxlevel = 3


def _value_text(name: str, value: object) -> str:
    if is_secret_name(name):
        return MASK
    try:
        return _short.repr(value)
    except Exception as exc:  # a repr that fails must not hide the error being logged
        return f"<repr falhou: {exc.__class__.__name__}>"


class RedactFilter(logging.Filter):
    """Masks the message and writes the (masked) traceback into the record before any handler
    sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = format_exception(record.exc_info)  # type: ignore[arg-type]
        record.exc_info = None  # nothing downstream formats the raw traceback again
        return True


class RedactingFormatter(logging.Formatter):
    """The file's formatter: masks its whole output once more."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return format_exception(ei)


def get_logger() -> logging.Logger:
    """The PDV's logger, with the rotating file handler set up on first use. It never
    propagates to the root logger (nothing reaches the terminal); a log folder that cannot be
    created leaves the logger without a file (still nothing on the terminal)."""
    global _ready
    logger = logging.getLogger(LOGGER_NAME)
    if _ready:
        return logger
    with _setup_lock:
        if not _ready:
            logger.propagate = False
            logger.setLevel(_level)
            if not any(isinstance(f, RedactFilter) for f in logger.filters):
                logger.addFilter(RedactFilter())
            handler = _file_handler()
            if handler is not None:
                logger.addHandler(handler)
            elif not logger.handlers:
                logger.addHandler(logging.NullHandler())
            _ready = True
    return logger


def _file_handler() -> logging.Handler | None:
    from logging.handlers import RotatingFileHandler

    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / FILE_NAME,
            maxBytes=MAX_BYTES,
            backupCount=BACKUPS,
            encoding="utf-8",
            delay=True,
        )
    except OSError:
        return None
    handler._pdv_file = True  # type: ignore[attr-defined]
    handler.setFormatter(RedactingFormatter(FORMAT))
    return handler


def log_unexpected(error: BaseException, where: str = "") -> None:
    """Writes `error` with its traceback (masked) to the log. Never raises."""
    try:
        get_logger().error(
            "Falha inesperada%s: %s",
            f" em {where}" if where else "",
            error.__class__.__name__,
            exc_info=(type(error), error, error.__traceback__),
        )
    except Exception:  # the log is a help, never a new failure
        pass


def log_line(text: str, level: int = logging.WARNING) -> None:
    """One masked line in the log (a repeated error, a store that was busy). Never raises."""
    try:
        get_logger().log(level, text)
    except Exception:
        pass
