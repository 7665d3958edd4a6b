#!/usr/bin/env python3
# Two lbrun instances on one PostgreSQL database behind nginx, on loopback, as docs/DEPLOY.md
# describes them (nginx runs the nginx.conf of docs/DEPLOY.md, with paths and ports of its own):
#   - both instances boot at the same moment on a fresh schema: every seed record exists once;
#   - a token from a login through instance A works on B, a record created through A is read
#     through B, and the same through nginx (whose answers come from both instances);
#   - a logout through A is refused by B within the token cache's one second;
#   - a rolling restart under steady load through nginx (threads doing GETs and POSTs without
#     pause): A gets SIGTERM, must exit 0, and is started again on the same port; then B. No
#     request may fail (any status but 2xx, or a connection error, counts), and every POST that
#     was answered (an Order of the logged-in customer, marked with a unique `status`) must be in
#     the database exactly once afterwards.
# It builds nothing: pass the lbrun binary and the URL of a PostgreSQL database (the test works in
# a schema of its own, `lbrun_deploy_<random>`, dropped at the end when psql is at hand). nginx is
# found on PATH or in /usr/sbin, or given with --nginx / $NGINX; it runs as this user with a
# configuration and folder of its own.
#
#     eval "$(scripts/postgres-cluster start /tmp/pg)"
#     python3 Tests/deploy/multi_instance_test.py .build/debug/lbrun "$LBRUN_TEST_POSTGRES_URL"
#
# The app (examples/bookstore unless --app is given) is copied to a temporary folder and given
# the overlay server/datasources.deploy.json, which points its `db` datasource at PostgreSQL
# through ${LBRUN_DATABASE_URL} and ${LBRUN_DATABASE_SCHEMA}; the instances run with --env deploy.
# Everything started is stopped whichever way the test ends. On failure the logs of lbrun and
# nginx are printed and copied to test-artifacts/deploy/, and the exit status is 1.
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "scripts"))

from e2e_checks import TestFailure, check, step  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, token=None, timeout=15, connection=None):
    """One HTTP request to 127.0.0.1:port; returns (status, parsed JSON or text, headers).
    With `connection` (an http.client.HTTPConnection) the request goes over it (keep-alive)."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = token
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        text = raw.decode("utf-8", "replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
        return response.status, parsed, response.headers
    finally:
        if connection is None:
            conn.close()


def query(filter_object):
    return "filter=" + urllib.parse.quote(json.dumps(filter_object, separators=(",", ":")))


# -- processes -------------------------------------------------------------------------------


class Instance:
    """One `lbrun serve` on a fixed port of 127.0.0.1; its output (every start) goes to a log."""

    def __init__(self, name, binary, app, port, env, log_path):
        self.name, self.binary, self.app, self.port, self.env = name, binary, app, port, env
        self.log_path = log_path
        self.process = None

    def launch(self):
        log = open(self.log_path, "a")
        log.write(f"--- start {time.strftime('%H:%M:%S')}\n")
        log.flush()
        self.process = subprocess.Popen(
            [self.binary, "serve", self.app, "--host", "127.0.0.1", "--port", str(self.port), "--env", "deploy"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env, start_new_session=True)
        log.close()

    def wait_ready(self, timeout=90):
        """Waits until the instance answers GET /api/Books with 200."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise TestFailure(f"lbrun {self.name} exited with status {self.process.returncode} while starting:\n"
                                  + tail(self.log_path))
            try:
                status, body, _ = call(self.port, "GET", "/api/Books", timeout=5)
                if status == 200:
                    return
                last = f"status {status}: {body}"
            except OSError as error:
                last = str(error)
            time.sleep(0.05)
        raise TestFailure(f"lbrun {self.name} on port {self.port} not ready within {timeout} s ({last}):\n"
                          + tail(self.log_path))

    def terminate(self, timeout=30):
        """SIGTERM, then waits for the exit; returns (status, seconds it took)."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"lbrun {self.name} did not exit within {timeout} s of SIGTERM:\n" + tail(self.log_path))
        return status, time.monotonic() - started

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)


def documented_nginx_conf(path):
    """The first ```nginx block of `path` (docs/DEPLOY.md), or the whole file when it is not
    Markdown."""
    with open(path) as f:
        text = f.read()
    if not path.endswith(".md"):
        return text
    match = re.search(r"^```nginx\n(.*?)^```", text, re.S | re.M)
    check(match, f"{path} has no ```nginx block")
    return match.group(1)


def local_nginx_conf(conf, prefix, port, upstream_ports):
    """The documented configuration made to run here, unprivileged: files in `prefix`, listening
    on 127.0.0.1:port, the upstream servers replaced by `upstream_ports` (with the parameters of
    the documented ones), and the upstream that answered in a response header (X-Upstream)."""
    def replace(pattern, replacement, text, what):
        result, count = re.subn(pattern, replacement, text, flags=re.M)
        check(count > 0, f"the documented nginx.conf has no {what} (pattern {pattern!r}):\n{conf}")
        return result

    servers = re.findall(r"^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;$", conf, re.M)
    check(len(servers) >= 2, f"the documented nginx.conf lists {len(servers)} upstream servers, expected several")
    indent, parameters = servers[0]
    conf = re.sub(r"^\s*server 127\.0\.0\.1:\d+( [^;]*)?;\n", "", conf, flags=re.M)
    conf = replace(r"^(\s*)upstream (\w+) \{\n",
                   lambda m: m.group(0) + "".join(f"{indent}server 127.0.0.1:{p}{parameters};\n" for p in upstream_ports),
                   conf, "upstream block")
    # As root, nginx's workers would switch to the documented user, who cannot use `prefix`.
    conf = replace(r"^user [^;]*;$", "user root;" if os.geteuid() == 0 else "", conf, "`user` line")
    conf = "daemon off;\n" + conf
    conf = replace(r"^pid [^;]*;$", f"pid {prefix}/nginx.pid;", conf, "`pid` line")
    conf = replace(r"^error_log [^;]*;$", f"error_log {prefix}/error.log notice;", conf, "`error_log` line")
    conf = replace(
        r"^(\s*)access_log [^;]*;$",
        lambda m: "\n".join(m.group(1) + line for line in [
            "log_format upstream '$remote_addr \"$request\" $status upstream=$upstream_addr "
            "upstream_status=$upstream_status time=$request_time';",
            f"access_log {prefix}/access.log upstream;",
            f"client_body_temp_path {prefix}/client_body;",
            f"proxy_temp_path {prefix}/proxy;",
            f"fastcgi_temp_path {prefix}/fastcgi;",
            f"uwsgi_temp_path {prefix}/uwsgi;",
            f"scgi_temp_path {prefix}/scgi;"]),
        conf, "`access_log` line")
    conf = replace(r"^(\s*)listen [^;]*;$",
                   lambda m: f"{m.group(1)}listen 127.0.0.1:{port};\n{m.group(1)}add_header X-Upstream $upstream_addr always;",
                   conf, "`listen` line")
    fail_timeout = re.search(r"fail_timeout=(\d+)s", parameters or "")
    return conf, float(fail_timeout.group(1)) if fail_timeout else 10.0


class Nginx:
    def __init__(self, binary, prefix, port, upstream_ports, documented):
        self.binary, self.prefix, self.port = binary, prefix, port
        self.conf = os.path.join(prefix, "nginx.conf")
        self.process = None
        conf, self.fail_timeout = local_nginx_conf(documented, prefix, port, upstream_ports)
        with open(self.conf, "w") as f:
            f.write(conf)

    def start(self, timeout=20):
        result = subprocess.run([self.binary, "-t", "-p", self.prefix, "-c", self.conf, "-e", self.prefix + "/error.log"],
                                capture_output=True, text=True)
        check(result.returncode == 0, f"nginx -t refuses the configuration {self.conf}:\n{result.stderr}")
        self.process = subprocess.Popen(
            [self.binary, "-p", self.prefix, "-c", self.conf, "-e", self.prefix + "/error.log"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.prefix, "stderr.log"), "w"),
            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            check(self.process.poll() is None, f"nginx exited with status {self.process.returncode}:\n"
                  + tail(os.path.join(self.prefix, "error.log")))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise TestFailure(f"nginx does not listen on port {self.port} within {timeout} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)  # graceful
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def tail(path, lines=30):
    try:
        with open(path, errors="replace") as f:
            content = f.read().splitlines()
    except OSError:
        return "  (no log)"
    return "\n".join("  | " + line for line in content[-lines:])


# -- the load --------------------------------------------------------------------------------


class Load:
    """Threads sending requests through nginx without pause until stopped; every answer is
    recorded. A quarter are POSTs creating an Order marked with a unique `status`."""

    def __init__(self, port, token, customer_id, book_ids, threads):
        self.port, self.token, self.customer_id, self.book_ids = port, token, customer_id, book_ids
        self.threads = threads
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.results = []  # (finished at, method, ok, upstream, detail)
        self.created = {}  # marker -> id, for every POST answered 200
        self.unanswered_markers = []  # POSTs that got no 200 (they may or may not exist)
        self.workers = []

    def start(self):
        for n in range(self.threads):
            worker = threading.Thread(target=self.run, args=(n,), daemon=True)
            worker.start()
            self.workers.append(worker)

    def stop(self):
        self.stop_event.set()
        for worker in self.workers:
            worker.join(timeout=60)

    def run(self, thread):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        mine = []  # ids of the Orders this thread created
        n = 0
        while not self.stop_event.is_set():
            n += 1
            kind = n % 4
            marker = None
            if kind == 0:
                marker = f"load-{thread}-{n}-{uuid.uuid4().hex[:8]}"
                book = self.book_ids[n % len(self.book_ids)]
                method, path = "POST", "/api/Orders"
                body = {"bookId": book, "customerId": self.customer_id, "quantity": 1, "unitPrice": 9.5, "status": marker}
            elif kind == 1 or not mine:
                method, path, body = "GET", "/api/Books?" + query({"where": {"price": {"lt": 100}}, "limit": 5}), None
            elif kind == 2:
                method, path, body = "GET", f"/api/Orders/{mine[-1]}", None
            else:
                method, path, body = "GET", f"/api/Customers/{self.customer_id}", None
            try:
                status, reply, headers = call(self.port, method, path, body=body, token=self.token, connection=conn)
                upstream = headers.get("X-Upstream", "")
                ok = 200 <= status < 300
                detail = "" if ok else f"{method} {path} -> {status} (upstream {upstream or '-'}): {str(reply)[:200]}"
                if marker:
                    if ok and isinstance(reply, dict) and "id" in reply:
                        with self.lock:
                            self.created[marker] = reply["id"]
                        mine.append(reply["id"])
                    else:
                        with self.lock:
                            self.unanswered_markers.append(marker)
            except (OSError, http.client.HTTPException) as error:
                ok, upstream = False, ""
                detail = f"{method} {path} -> {type(error).__name__}: {error}"
                if marker:
                    with self.lock:
                        self.unanswered_markers.append(marker)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            with self.lock:
                self.results.append((time.monotonic(), method, ok, upstream, detail))
        conn.close()


# -- the test --------------------------------------------------------------------------------


class MultiInstanceTest:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="lbrun-deploy-")
        self.instances = []
        self.nginx = None
        self.load = None
        self.summary = []

    def prepare_app(self):
        app = os.path.join(self.tmp, "app")
        shutil.copytree(self.args.app, app)
        overlay = {"db": {"connector": "postgresql", "url": "${LBRUN_DATABASE_URL}",
                          "schema": "${LBRUN_DATABASE_SCHEMA}", "failFast": True, "max": 8}}
        with open(os.path.join(app, "server", "datasources.deploy.json"), "w") as f:
            json.dump(overlay, f, indent=2)
        self.schema = "lbrun_deploy_" + uuid.uuid4().hex[:12]
        self.env = dict(os.environ, LBRUN_DATABASE_URL=self.args.postgres_url, LBRUN_DATABASE_SCHEMA=self.schema,
                        LOG_LEVEL="notice")
        self.env.pop("LBRUN_ENV", None)
        self.env.pop("NODE_ENV", None)
        return app

    def seeds(self, app):
        """{model name: number of seed records}, from `lbrun plan`."""
        result = subprocess.run([self.args.binary, "plan", app, "--env", "deploy"], capture_output=True, text=True,
                                env=self.env)
        check(result.returncode == 0, f"`lbrun plan` failed:\n{result.stderr}")
        plan = json.loads(result.stdout)
        seeds = {}
        for model in plan.get("models", []):
            records = (model.get("seed") or {}).get("records") or []
            if records:
                seeds[model["name"]] = (len(records), model.get("plural") or model["name"] + "s")
        return seeds

    def run(self):
        args = self.args
        app = self.prepare_app()
        seeds = self.seeds(app)
        check(seeds, f"the app {args.app} has no seed data; the test needs some (Books to order)")
        a = Instance("A", args.binary, app, free_port(), self.env, os.path.join(self.tmp, "lbrun-A.log"))
        b = Instance("B", args.binary, app, free_port(), self.env, os.path.join(self.tmp, "lbrun-B.log"))
        self.instances = [a, b]
        print(f"PostgreSQL schema {self.schema}; lbrun A on port {a.port}, B on port {b.port}", flush=True)

        # Both boot at the same moment on the empty schema.
        a.launch()
        b.launch()
        a.wait_ready()
        b.wait_ready()
        for name, (count, plural) in seeds.items():
            for instance in (a, b):
                status, records, _ = call(instance.port, "GET", f"/api/{plural}")
                check(status == 200 and isinstance(records, list),
                      f"GET /api/{plural} through {instance.name} answered {status}: {records}")
                check(len(records) == count,
                      f"{name}: {len(records)} records after two instances booted together on an empty schema, "
                      f"expected the {count} seed records once each")
        step(f"two instances booted at once: each seed record exists once ({', '.join(f'{n} {c}' for n, (c, _) in seeds.items())})")

        # A token from A works on B; a record created through A is read through B.
        email = f"deploy-{uuid.uuid4().hex[:8]}@example.com"
        password = "deploy-test-password"
        status, customer, _ = call(a.port, "POST", "/api/Customers", {"email": email, "password": password})
        check(status == 200, f"POST /api/Customers through A answered {status}: {customer}")
        status, login, _ = call(a.port, "POST", "/api/Customers/login", {"email": email, "password": password})
        check(status == 200 and "id" in login, f"login through A answered {status}: {login}")
        token, customer_id = login["id"], customer["id"]
        status, reply, _ = call(b.port, "GET", f"/api/Customers/{customer_id}")
        check(status == 401, f"GET /api/Customers/{customer_id} through B without a token answered {status}, expected 401")
        status, reply, _ = call(b.port, "GET", f"/api/Customers/{customer_id}", token=token)
        check(status == 200 and reply.get("email") == email,
              f"the token from a login through A: GET /api/Customers/{customer_id} through B answered {status}: {reply}")
        step("a token from a login through A is accepted by B")

        status, books, _ = call(a.port, "GET", "/api/Books")
        book_ids = [book["id"] for book in books]
        order = {"bookId": book_ids[0], "customerId": customer_id, "quantity": 2, "unitPrice": 9.99}
        status, created, _ = call(a.port, "POST", "/api/Orders", order, token=token)
        check(status == 200 and "id" in created, f"POST /api/Orders through A answered {status}: {created}")
        status, read, _ = call(b.port, "GET", f"/api/Orders/{created['id']}", token=token)
        check(status == 200 and read == created,
              f"the Order created through A, read through B: {status} {read}, expected {created}")
        step("an Order created through A is read through B")

        # nginx in front of both.
        nginx_port = free_port()
        prefix = os.path.join(self.tmp, "nginx")
        os.makedirs(prefix)
        self.nginx = Nginx(args.nginx, prefix, nginx_port, [a.port, b.port], documented_nginx_conf(args.nginx_conf))
        self.nginx.start()
        step(f"nginx on port {nginx_port} with the configuration of {os.path.relpath(args.nginx_conf, REPO)}, "
             f"upstream {a.port} and {b.port}")
        status, login2, _ = call(nginx_port, "POST", "/api/Customers/login", {"email": email, "password": password})
        check(status == 200, f"login through nginx answered {status}: {login2}")
        status, created2, _ = call(nginx_port, "POST", "/api/Orders", dict(order, quantity=3), token=login2["id"])
        check(status == 200, f"POST /api/Orders through nginx answered {status}: {created2}")
        upstreams = set()
        for _ in range(8):
            status, read, headers = call(nginx_port, "GET", f"/api/Orders/{created2['id']}", token=login2["id"])
            check(status == 200 and read == created2,
                  f"the Order created through nginx, read through nginx ({headers.get('X-Upstream')}): {status} {read}")
            upstreams.add(headers.get("X-Upstream"))
        check(upstreams == {f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"},
              f"8 reads through nginx were answered by {sorted(upstreams)}, expected both instances")
        step("through nginx: login, create, and 8 reads answered by both instances with the same record and token")

        # A logout through A is seen by B within the one-second token cache: B may accept the
        # token until one second after it last read it from the database, not later.
        status, login3, _ = call(a.port, "POST", "/api/Customers/login", {"email": email, "password": password})
        token3 = login3["id"]
        status, _, _ = call(b.port, "GET", f"/api/Customers/{customer_id}", token=token3)
        read_by_b = time.monotonic()  # B cached the token before this
        check(status == 200, f"a fresh token on B answered {status}")
        status, _, _ = call(a.port, "POST", "/api/Customers/logout", token=token3)
        check(status == 204, f"logout through A answered {status}")
        logged_out = time.monotonic()
        while True:
            started = time.monotonic()
            status, _, _ = call(b.port, "GET", f"/api/Customers/{customer_id}", token=token3)
            if status == 401:
                break
            check(status == 200, f"B answered {status} with a token logged out through A")
            check(started - read_by_b < 1.05,
                  f"B accepted a token logged out through A in a request sent {started - read_by_b:.2f} s after B "
                  f"read it (token cache: 1 s)")
            time.sleep(0.02)
        step(f"a logout through A is refused by B {started - logged_out:.2f} s after it "
             f"({started - read_by_b:.2f} s after B read the token; cache: 1 s)")

        self.rolling_restart(nginx_port, token, customer_id, book_ids)

    def rolling_restart(self, nginx_port, token, customer_id, book_ids):
        args = self.args
        self.load = Load(nginx_port, token, customer_id, book_ids, args.threads)
        self.load.start()
        started = time.monotonic()
        windows = []
        time.sleep(args.settle)
        for instance in self.instances:
            down = time.monotonic()
            status, seconds = instance.terminate()
            check(status == 0, f"lbrun {instance.name} exited with status {status} on SIGTERM, expected 0:\n"
                  + tail(instance.log_path))
            instance.launch()
            instance.wait_ready()
            up = time.monotonic()
            windows.append((instance.name, down, up))
            step(f"{instance.name}: SIGTERM, exit 0 after {seconds:.2f} s, started again on port {instance.port}, "
                 f"ready {up - down:.2f} s after the signal")
            # nginx tries an instance it saw fail again after fail_timeout: wait for that before
            # taking the next one down, as the procedure in docs/DEPLOY.md does.
            time.sleep(self.nginx.fail_timeout + args.settle)
        self.load.stop()
        results = self.load.results
        elapsed = time.monotonic() - started

        failures = [r for r in results if not r[2]]
        by_method = {}
        for _, method, ok, _, _ in results:
            by_method[method] = by_method.get(method, 0) + 1
        retried = sum(1 for r in results if "," in r[3])
        retried_writes = sum(1 for r in results if "," in r[3] and r[1] != "GET")
        by_upstream = {}
        for r in results:
            for address in filter(None, (part.strip() for part in r[3].split(","))):
                by_upstream[address] = by_upstream.get(address, 0) + 1
        during = {name: sum(1 for r in results if down <= r[0] <= up) for name, down, up in windows}
        self.summary = [
            f"requests through nginx during the rolling restart: {len(results)} in {elapsed:.1f} s "
            f"({', '.join(f'{n} {m}' for m, n in sorted(by_method.items()))}), {args.threads} threads",
            f"failed: {len(failures)}",
            f"answered while an instance was down: " + ", ".join(f"{n} while {k} restarted" for k, n in during.items()),
            f"resent by nginx to the other instance: {retried} ({retried_writes} of them POSTs)",
            f"upstream attempts: " + ", ".join(f"{k} {v}" for k, v in sorted(by_upstream.items())),
        ]
        for line in self.summary:
            step(line)
        if failures:
            shown = "\n".join("    " + r[4] for r in failures[:20])
            raise TestFailure(f"{len(failures)} of {len(results)} requests through nginx failed during the rolling "
                              f"restart:\n{shown}")
        check(len(results) >= 100, f"only {len(results)} requests were sent during the rolling restart")
        for name, count in during.items():
            check(count > 0, f"no request was answered while {name} restarted: the load did not run through it")

        # Every acknowledged POST is in the database, once; read through the restarted instances.
        created = self.load.created
        check(created, "no POST was answered during the rolling restart")
        check(not self.load.unanswered_markers, f"POSTs without a 200: {self.load.unanswered_markers[:10]}")
        for instance in self.instances:
            status, orders, _ = call(instance.port, "GET", f"/api/Customers/{customer_id}/orders", token=token, timeout=60)
            check(status == 200 and isinstance(orders, list),
                  f"GET /api/Customers/{customer_id}/orders through {instance.name} answered {status}: {str(orders)[:300]}")
            stored = {}
            for order in orders:
                marker = order.get("status") or ""
                if marker.startswith("load-"):
                    stored.setdefault(marker, []).append(order["id"])
            missing = [m for m in created if m not in stored]
            duplicated = {m: ids for m, ids in stored.items() if len(ids) > 1}
            unknown = [m for m in stored if m not in created]
            wrong = [m for m in created if m in stored and stored[m] != [created[m]]]
            check(not missing, f"{len(missing)} acknowledged POSTs are not in the database: {missing[:10]}")
            check(not duplicated, f"POSTs stored more than once: {dict(list(duplicated.items())[:10])}")
            check(not unknown, f"Orders nobody was told about: {unknown[:10]}")
            check(not wrong, f"Orders stored under another id than the one answered: {wrong[:10]}")
        step(f"all {len(created)} acknowledged POSTs are in the database exactly once (read through A and B)")

    def cleanup(self):
        if self.load is not None:
            self.load.stop_event.set()
        if self.nginx is not None:
            self.nginx.stop()
        for instance in self.instances:
            if instance.process is not None and instance.process.poll() is None:
                try:
                    instance.terminate(timeout=10)
                except TestFailure:
                    instance.kill()
        # The schema goes too, when psql is at hand (a throwaway cluster needs no cleaning).
        psql = shutil.which("psql")
        if psql and getattr(self, "schema", None):
            subprocess.run([psql, self.args.postgres_url, "-q", "-c", f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)

    def save_logs(self):
        target = os.path.join(REPO, "test-artifacts", "deploy")
        os.makedirs(target, exist_ok=True)
        logs = [i.log_path for i in self.instances]
        if self.nginx is not None:
            logs += [os.path.join(self.nginx.prefix, name) for name in ("error.log", "access.log", "nginx.conf")]
        for path in logs:
            if os.path.exists(path):
                shutil.copy(path, os.path.join(target, os.path.basename(path)))
                print(f"\n{path} (last lines):\n{tail(path)}")
        print(f"\nlogs copied to {target}")


def main():
    parser = argparse.ArgumentParser(
        description="Two lbrun instances on one PostgreSQL database behind nginx (see the comment at the top).")
    parser.add_argument("binary", help="the lbrun binary (.build/debug/lbrun)")
    parser.add_argument("postgres_url", nargs="?", default=os.environ.get("LBRUN_TEST_POSTGRES_URL"),
                        help="postgres://… of a database the test may create a schema in ($LBRUN_TEST_POSTGRES_URL)")
    parser.add_argument("--app", default=os.path.join(REPO, "examples", "bookstore"))
    parser.add_argument("--nginx", default=os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx")
    parser.add_argument("--threads", type=int, default=8, help="load threads (default 8)")
    parser.add_argument("--settle", type=float, default=1.5, help="seconds of load before and after each restart")
    parser.add_argument("--nginx-conf", default=os.path.join(REPO, "docs", "DEPLOY.md"),
                        help="nginx's configuration: a file, or the first ```nginx block of a .md (docs/DEPLOY.md)")
    args = parser.parse_args()
    if not args.postgres_url:
        parser.error("no PostgreSQL URL: pass one or set LBRUN_TEST_POSTGRES_URL")
    args.binary = os.path.abspath(args.binary)
    if not os.access(args.binary, os.X_OK):
        parser.error(f"no lbrun binary at {args.binary} (run `swift build` first)")
    if not os.access(args.nginx, os.X_OK):
        parser.error(f"no nginx at {args.nginx} (install nginx-light, or pass --nginx)")

    print(f"multi-instance test: {args.binary}, app {args.app}, nginx {args.nginx}", flush=True)
    test = MultiInstanceTest(args)
    ok = False
    try:
        test.run()
        ok = True
    except TestFailure as failure:
        print(f"\nFAILED: {failure}", flush=True)
    except Exception:
        print("\nFAILED with an unexpected error:", flush=True)
        traceback.print_exc()
    finally:
        test.cleanup()
        if not ok:
            test.save_logs()
        shutil.rmtree(test.tmp, ignore_errors=True)
    if ok:
        print("\nmulti-instance test passed:")
        for line in test.summary:
            print(f"  {line}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
