#!/usr/bin/env python3
"""Checks that an AWS endpoint makes DynamoDB conditional writes atomic.

Creates a table holding one item with cpu = 600, then 16 threads each
repeat the conditional update ``SET cpu = cpu - :one`` with condition
``cpu >= :one`` until the condition fails. On real DynamoDB (or any
correct emulator) exactly 600 updates succeed, every success returns a
different new value (599 down to 0), and the item ends at 0. moto's
stock threaded server acknowledges more than 600, and two updates
report the same new value.

The item carries 1000 extra string attributes by default. moto holds
Python's interpreter lock through each update, and a thread is only
pre-empted after holding it for 5 ms, so a tiny item rarely loses it
between the condition check and the write; a larger item makes each
update long enough that the stock server's race shows on every run.

A second check starts an SQS ReceiveMessage long poll (WaitTimeSeconds=5)
on an empty queue and verifies that DynamoDB requests made while it
waits are not held up by it.

Usage:
    check_atomic.py [--endpoint URL] [--runs N] [--threads N] [--processes N]
                    [--units N] [--skip-sqs] [--expect-race]

The endpoint defaults to $AWS_ENDPOINT_URL, then http://localhost:4566.
Exits 0 when every check passes, 1 otherwise. With --expect-race the
atomicity result is inverted: it exits 0 only if some run over-counts or
acknowledges the same new value twice (used to confirm that the race is
real on the stock server).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def _clients(endpoint: str, threads: int):
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    config = Config(
        region_name=region,
        max_pool_connections=threads + 8,
        # A retried update might have been applied the first time; never
        # retry, so every acknowledged success is counted exactly once.
        retries={"mode": "standard", "total_max_attempts": 1},
        connect_timeout=5,
        read_timeout=60,
    )
    ddb = boto3.client("dynamodb", endpoint_url=endpoint, config=config)
    sqs = boto3.client("sqs", endpoint_url=endpoint, config=config)
    return ddb, sqs


def _create_table(ddb, name: str) -> None:
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})


KEY = {"pk": {"S": "instance"}}


def _decrement_until_refused(
    ddb, table: str, threads: int, start_at: float
) -> tuple[list[int | None], list[str]]:
    """Runs `threads` threads, each decrementing until the condition fails.

    Returns the new values acknowledged by every successful update, and
    any errors other than ConditionalCheckFailedException.
    """
    successes: list[int | None] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        mine: list[int | None] = []
        time.sleep(max(0.0, start_at - time.time()))
        while True:
            try:
                resp = ddb.update_item(
                    TableName=table,
                    Key=KEY,
                    UpdateExpression="SET cpu = cpu - :one",
                    ConditionExpression="cpu >= :one",
                    ExpressionAttributeValues={":one": {"N": "1"}},
                    ReturnValues="UPDATED_NEW",
                )
                # A racing server can acknowledge an update and then
                # report no change to cpu; count it, with no value.
                value = resp.get("Attributes", {}).get("cpu", {}).get("N")
                mine.append(int(value) if value is not None else None)
            except ClientError as e:
                code = e.response.get("Error", {}).get("Code", "")
                if code != "ConditionalCheckFailedException":
                    with lock:
                        errors.append(code or str(e))
                break
            except Exception as e:  # connection problems etc.
                with lock:
                    errors.append(repr(e))
                break
        with lock:
            successes.extend(mine)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for f in [pool.submit(worker) for _ in range(threads)]:
            f.result()
    return successes, errors


def _child(endpoint: str, table: str, threads: int, start_at: float) -> tuple[list[int | None], list[str]]:
    ddb, _ = _clients(endpoint, threads)
    return _decrement_until_refused(ddb, table, threads, start_at)


def atomicity_run(ddb, endpoint: str, table: str, threads: int, processes: int, units: int, extra: int) -> dict:
    item = {"pk": {"S": "instance"}, "cpu": {"N": str(units)}}
    # Extra attributes make the item look like a real record (and make
    # each update do more work on the server).
    for i in range(extra):
        item[f"attr{i:03d}"] = {"S": f"value-{i:03d}-" + "x" * 24}
    ddb.put_item(TableName=table, Item=item)

    t0 = time.monotonic()
    if processes <= 1:
        successes, errors = _decrement_until_refused(ddb, table, threads, time.time())
    else:
        # Spread the threads over several client processes, so that the
        # client's own interpreter lock does not space the requests out.
        per = [threads // processes + (1 if i < threads % processes else 0) for i in range(processes)]
        start_at = time.time() + 1.0
        successes, errors = [], []
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=processes, mp_context=ctx) as pool:
            futures = [pool.submit(_child, endpoint, table, n, start_at) for n in per if n > 0]
            for f in futures:
                s, e = f.result()
                successes.extend(s)
                errors.extend(e)
        t0 = start_at - time.time() + time.monotonic()
    elapsed = time.monotonic() - t0

    final = int(ddb.get_item(TableName=table, Key=KEY, ConsistentRead=True)["Item"]["cpu"]["N"])
    distinct = len({v for v in successes if v is not None})
    valueless = sum(1 for v in successes if v is None)
    ok = (
        not errors
        and not valueless
        and len(successes) == units
        and distinct == units
        and final == 0
    )
    return {
        "successes": len(successes),
        "distinct_new_values": distinct,
        "valueless": valueless,
        "final": final,
        "errors": errors,
        "seconds": elapsed,
        "ok": ok,
    }


def sqs_long_poll_check(ddb, sqs, table: str, wait_seconds: int = 5) -> bool:
    """DynamoDB calls made during an SQS long poll must not wait for it."""
    queue_url = sqs.create_queue(QueueName=f"berth-check-{uuid.uuid4().hex[:12]}")["QueueUrl"]
    try:
        poll_done = threading.Event()
        poll_result: dict = {}

        def poll() -> None:
            t = time.monotonic()
            try:
                r = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=wait_seconds, MaxNumberOfMessages=1)
                poll_result["messages"] = len(r.get("Messages", []))
            except Exception as e:
                poll_result["error"] = repr(e)
            poll_result["seconds"] = time.monotonic() - t
            poll_done.set()

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        time.sleep(0.5)  # let the long poll reach the server and start waiting

        key = {"pk": {"S": "longpoll"}}
        latencies = []
        t_all = time.monotonic()
        for i in range(20):
            t = time.monotonic()
            ddb.put_item(TableName=table, Item={"pk": {"S": "longpoll"}, "n": {"N": str(i)}})
            ddb.get_item(TableName=table, Key=key, ConsistentRead=True)
            latencies.append(time.monotonic() - t)
        ddb_seconds = time.monotonic() - t_all
        finished_during_poll = not poll_done.is_set()

        poller.join(wait_seconds + 30)
        worst = max(latencies)
        poll_seconds = poll_result.get("seconds", float("nan"))
        ok = (
            "error" not in poll_result
            and finished_during_poll
            and worst < 1.0
            and poll_seconds >= wait_seconds - 0.5
        )
        print(
            f"sqs long poll: ReceiveMessage(WaitTimeSeconds={wait_seconds}) took {poll_seconds:.2f} s; "
            f"40 DynamoDB calls made during it took {ddb_seconds:.2f} s (slowest pair {worst * 1000:.0f} ms), "
            f"finished while the poll was still waiting: {finished_during_poll}"
            + (f"; poll error: {poll_result['error']}" if "error" in poll_result else "")
            + f" -> {'OK' if ok else 'FAIL'}"
        )
        return ok
    finally:
        try:
            sqs.delete_queue(QueueUrl=queue_url)
        except Exception:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", default=os.environ.get("AWS_ENDPOINT_URL") or "http://localhost:4566")
    parser.add_argument("--runs", type=int, default=1, help="atomicity runs (default 1)")
    parser.add_argument("--threads", type=int, default=16, help="concurrent writers (default 16)")
    parser.add_argument(
        "--processes", type=int, default=1,
        help="spread the writer threads over this many client processes (default 1)",
    )
    parser.add_argument("--units", type=int, default=600, help="starting cpu value (default 600)")
    parser.add_argument(
        "--attributes", type=int, default=1000,
        help="extra string attributes on the item (default 1000; see the module doc)",
    )
    parser.add_argument("--skip-sqs", action="store_true", help="skip the SQS long-poll check")
    parser.add_argument(
        "--expect-race", action="store_true",
        help="succeed only if some run over-counts (to demonstrate a non-atomic server)",
    )
    args = parser.parse_args(argv)

    ddb, sqs = _clients(args.endpoint, args.threads)
    table = f"berth-atomic-check-{uuid.uuid4().hex[:12]}"
    print(
        f"endpoint {args.endpoint}: table {table}, {args.threads} threads"
        + (f" in {args.processes} processes" if args.processes > 1 else "")
        + f", cpu starts at {args.units}"
    )
    _create_table(ddb, table)
    all_ok = True
    raced = False
    try:
        for run in range(1, args.runs + 1):
            r = atomicity_run(ddb, args.endpoint, table, args.threads, args.processes, args.units, args.attributes)
            all_ok &= r["ok"]
            raced |= r["successes"] > args.units or r["distinct_new_values"] < r["successes"]
            print(
                f"run {run}: {r['successes']} conditional decrements acknowledged "
                f"(expected {args.units}), {r['distinct_new_values']} distinct new values, "
                + (f"{r['valueless']} with no new value, " if r["valueless"] else "")
                + f"final cpu {r['final']}, {r['seconds']:.1f} s"
                + (f", errors: {sorted(set(r['errors']))}" if r["errors"] else "")
                + f" -> {'OK' if r['ok'] else 'NOT ATOMIC'}"
            )
        sqs_ok = True if args.skip_sqs else sqs_long_poll_check(ddb, sqs, table)
    finally:
        try:
            ddb.delete_table(TableName=table)
        except Exception:
            pass

    if args.expect_race:
        print("race reproduced" if raced else "race NOT reproduced")
        return 0 if raced else 1
    passed = all_ok and sqs_ok
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
