# Starts `lbrun serve` on a temporary copy of an app directory, on a free port of 127.0.0.1,
# for the tests that drive a running server (Tests/browser/explorer_test.py, scripts/fuzz_api.py).
#
#     with LbrunServer(".build/debug/lbrun", "examples/bookstore") as server:
#         server.base_url          # http://127.0.0.1:PORT
#         server.request("POST", "/api/Customers", {"email": ..., "password": ...})
#
# The port is read from the banner `serve` prints once it listens ("  listening:   HOST:PORT ...",
# Sources/LBRunKit/Banner.swift). The server is stopped (SIGTERM, then SIGKILL) and the copy
# removed when the `with` block ends, whichever way it ends. Standard library only.
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

LISTENING = re.compile(r"^\s*listening:\s+(\S+):(\d+)\s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener()
_NO_REDIRECT_OPENER = urllib.request.build_opener(_NoRedirect)


class ServerError(RuntimeError):
    pass


class LbrunServer:
    def __init__(self, binary, app, *, env=None, start_timeout=30.0):
        self.binary = os.path.abspath(binary)
        self.app = os.path.abspath(app)
        self.env = env
        self.start_timeout = start_timeout
        self.process = None
        self.port = None
        self.output = []  # every line lbrun printed (stdout and stderr)
        self._tmp = None
        self._banner = threading.Event()

    # -- lifecycle -----------------------------------------------------------------------------

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        if not os.access(self.binary, os.X_OK):
            raise ServerError(f"no lbrun binary at {self.binary} (run `swift build` first)")
        # Serving may write into the app (file-backed datasources): work on a copy.
        self._tmp = tempfile.mkdtemp(prefix="lbrun-served-app-")
        app_copy = os.path.join(self._tmp, os.path.basename(self.app.rstrip("/")) or "app")
        shutil.copytree(self.app, app_copy)
        env = dict(os.environ, **(self.env or {}))
        self.process = subprocess.Popen(
            [self.binary, "serve", app_copy, "--port", "0", "--host", "127.0.0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env, text=True, errors="replace", start_new_session=True,
        )
        threading.Thread(target=self._read_output, daemon=True).start()
        deadline = time.monotonic() + self.start_timeout
        while not self._banner.wait(0.1):
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the reader collect the last lines
                raise ServerError(f"lbrun exited with status {self.process.returncode} before listening:\n"
                                  + self.log_tail())
            if time.monotonic() > deadline:
                raise ServerError(f"lbrun printed no 'listening:' line within {self.start_timeout:.0f} s:\n"
                                  + self.log_tail())
        # The banner comes once the socket listens; still make sure it answers HTTP.
        while True:
            try:
                self.request("GET", "/", timeout=2)
                return
            except (OSError, ServerError) as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise ServerError(f"lbrun on port {self.port} does not answer ({error}):\n" + self.log_tail())
                time.sleep(0.1)

    def stop(self):
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=5)
            except (ProcessLookupError, PermissionError):
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _read_output(self):
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))
            match = LISTENING.match(line)
            if match and self.port is None:
                self.port = int(match.group(2))
                self._banner.set()

    def log_tail(self, lines=40):
        return "\n".join("  | " + line for line in self.output[-lines:])

    # -- HTTP ----------------------------------------------------------------------------------

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def request(self, method, path, body=None, headers=None, timeout=10, follow_redirects=True):
        """Returns (status, parsed JSON or text). Any HTTP status is an answer, not an error;
        with follow_redirects=False a redirect is returned as is (its text is the Location)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        opener = _OPENER if follow_redirects else _NO_REDIRECT_OPENER
        try:
            with opener.open(request, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            if not follow_redirects and 300 <= error.code < 400:
                return error.code, error.headers.get("Location", "")
            status, raw = error.code, error.read()
        text = raw.decode("utf-8", "replace")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def login(self, email="explorer-test@example.com", password="explorer-test-password",
              model_path="/api/Customers", **properties):
        """Creates a user of a User-based model and logs it in; returns (user, token)."""
        status, user = self.request("POST", model_path, dict(email=email, password=password, **properties))
        if status != 200:
            raise ServerError(f"POST {model_path} answered {status}: {user}")
        status, token = self.request("POST", model_path + "/login", {"email": email, "password": password})
        if status != 200 or not isinstance(token, dict) or "id" not in token:
            raise ServerError(f"POST {model_path}/login answered {status}: {token}")
        return user, token["id"]
