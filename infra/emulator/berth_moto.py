#!/usr/bin/env python3
"""Berth's local AWS emulator: moto's server, made atomic for DynamoDB.

moto's stock server (``moto_server``) serves every request on its own
thread, and moto's DynamoDB backend has no lock around the
read-check-write of a conditional write. Two concurrent
``UpdateItem`` calls with ``ConditionExpression`` on the same item can
therefore both pass the condition and both succeed, which real DynamoDB
never allows. Berth relies on conditional writes for capacity
accounting, so the stock server over-counts under load.

This launcher builds moto's WSGI application exactly as ``moto.server``
does and wraps it in a small middleware that holds ONE process-wide lock
around the whole request and response (including consuming the response
body) for every DynamoDB API call, i.e. every request whose
``X-Amz-Target`` header starts with ``DynamoDB_20120810.``. moto's
``/moto-api/`` state-changing calls (such as ``POST /moto-api/reset``)
take the same lock, so a reset never interleaves with a DynamoDB write.
Every other request -- SQS long polls in particular -- runs in parallel
without the lock, as in the stock server.

It also stops moto from keeping a reference to every model object it
creates (see stop_tracking_model_instances), so that memory stays flat
through long benchmarks; --track-model-instances restores moto's
behaviour.

Usage:
    python berth_moto.py [--host 127.0.0.1] [--port 4566] [--log FILE] [--quiet]
                         [--detach] [--no-dynamodb-lock] [--track-model-instances]
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from typing import Any, Callable, Iterable

DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810."
MOTO_API_PREFIX = "/moto-api/"

_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class DynamoDBSerializer:
    """WSGI middleware: runs DynamoDB requests one at a time.

    The lock is held from the moment the request reaches moto until the
    response body has been produced completely, so moto's handler and any
    lazily generated body run entirely inside it. The body is buffered
    and handed to the server after the lock is released.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.lock = threading.Lock()

    @staticmethod
    def needs_lock(environ: dict[str, Any]) -> bool:
        target = environ.get("HTTP_X_AMZ_TARGET") or ""
        if target.startswith(DYNAMODB_TARGET_PREFIX):
            return True
        path = environ.get("PATH_INFO") or ""
        if isinstance(path, bytes):
            path = path.decode("utf-8", "replace")
        method = environ.get("REQUEST_METHOD", "GET")
        return path.startswith(MOTO_API_PREFIX) and method not in _READ_ONLY_METHODS

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not self.needs_lock(environ):
            return self.app(environ, start_response)
        with self.lock:
            result = self.app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        return [body]


def stop_tracking_model_instances(keep_services: tuple[str, ...] = ("s3",)) -> None:
    """Stops moto from keeping every model object it ever creates.

    moto's BaseModel appends each new instance to a class-level list (for
    its /moto-api/data.json dashboard) that only a reset empties. Every
    DynamoDB UpdateItem deep-copies the item twice, and every SQS message
    is a model, so the stock server's memory grows with each request
    (measured: about 160 MB per 600 updates of a 40 kB item) even after
    the items, messages or tables are deleted. S3 still needs its list
    (reset uses it to close temporary files), so its models stay tracked.
    """
    from moto.core.common_models import BaseModel

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        instance = super(BaseModel, cls).__new__(cls)  # as BaseModel.__new__
        parts = cls.__module__.split(".")
        if len(parts) > 1 and parts[0] == "moto" and parts[1] in keep_services:
            cls.instances_tracked.append(instance)  # type: ignore[attr-defined]
        return instance

    BaseModel.__new__ = staticmethod(__new__)  # type: ignore[assignment]


def create_app(serialize_dynamodb: bool = True) -> Callable[..., Iterable[bytes]]:
    """moto's server application, created as moto.server.main creates it."""
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        create_backend_app,
    )

    main_app = DomainDispatcherApplication(create_backend_app)
    main_app.debug = True  # type: ignore[attr-defined]  # as moto.server.main
    if not serialize_dynamodb:
        return main_app
    return DynamoDBSerializer(main_app)


def _configure_logging(log_file: str | None, quiet: bool) -> None:
    if log_file:
        # Everything, including what moto print()s and any traceback, goes
        # to the file; nothing to the console.
        stream = open(log_file, "a", buffering=1, encoding="utf-8")
        sys.stdout = stream
        sys.stderr = stream
        handler: logging.Handler = logging.StreamHandler(stream)
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # werkzeug logs one line per request at INFO.
    logging.getLogger("werkzeug").setLevel(logging.WARNING if quiet else logging.INFO)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="moto server with serialized (atomic) DynamoDB requests"
    )
    parser.add_argument("-H", "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "-p", "--port", type=int, default=int(os.environ.get("MOTO_PORT", "4566")),
        help="port to listen on (default $MOTO_PORT or 4566)",
    )
    parser.add_argument("--log", metavar="FILE", help="write all output to FILE instead of the console")
    parser.add_argument("--quiet", action="store_true", help="do not log one line per request")
    parser.add_argument(
        "--no-dynamodb-lock", action="store_true",
        help="serve like stock moto_server, without the DynamoDB lock (to reproduce races)",
    )
    parser.add_argument(
        "--track-model-instances", action="store_true",
        help="keep moto's record of every model object (feeds /moto-api/data.json; memory grows per request)",
    )
    parser.add_argument(
        "--detach", action="store_true",
        help="detach from the caller's terminal and process group (for background use)",
    )
    args = parser.parse_args(argv)

    if args.detach:
        try:
            os.setsid()
        except OSError:
            pass  # already a process group leader

    # moto builds some URLs (e.g. SQS queue URLs) from MOTO_PORT.
    os.environ.setdefault("MOTO_PORT", str(args.port))

    _configure_logging(args.log, args.quiet)
    log = logging.getLogger("berth_moto")

    from werkzeug.serving import make_server

    if not args.track_model_instances:
        stop_tracking_model_instances()
    app = create_app(serialize_dynamodb=not args.no_dynamodb_lock)
    # threaded=True: one thread per request (daemon threads), as moto_server.
    server = make_server(args.host, args.port, app, threaded=True)

    def _stop(signum: int, _frame: Any) -> None:
        log.info("signal %d: shutting down", signum)
        # shutdown() waits for serve_forever to return, so run it elsewhere.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    log.info(
        "moto %s listening on http://%s:%d (DynamoDB %s), pid %d",
        _moto_version(), args.host, server.server_port,
        "unserialized" if args.no_dynamodb_lock else "serialized", os.getpid(),
    )
    server.serve_forever()  # closes the socket when it returns
    log.info("stopped")
    # All state is in memory and about to be discarded: skip the
    # interpreter's teardown, which takes seconds once moto holds a lot.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _moto_version() -> str:
    try:
        import moto

        return str(moto.__version__)
    except Exception:  # pragma: no cover - informational only
        return "?"


if __name__ == "__main__":
    sys.exit(main())
