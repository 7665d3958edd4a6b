# A small driver for headless Chromium over the Chrome DevTools Protocol, standard library only:
# a minimal WebSocket client (RFC 6455, client side), a Chromium launcher, and a Page with the
# few operations the browser tests need (navigate, wait for a condition, click, type, screenshot).
#
#     with Chromium() as browser:
#         page = browser.new_page()
#         page.navigate("http://127.0.0.1:3000/explorer/")
#         page.wait_for("document.querySelector('#models') !== null", "the models list")
#         page.click("section.model[data-model='Book'] .model-header")
#         page.screenshot("shot.png")
import base64
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse


class BrowserError(RuntimeError):
    pass


# -- WebSocket ---------------------------------------------------------------------------------

class WebSocket:
    """Text-message WebSocket client: enough for the DevTools endpoint on localhost."""

    def __init__(self, url, timeout=30.0):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "ws":
            raise BrowserError(f"unsupported WebSocket URL {url}")
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.sock.sendall((
            f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise BrowserError("DevTools closed the connection during the WebSocket handshake")
            head += chunk
        head, self._buffer = head.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n", 1)[0].decode("latin-1")
        if " 101 " not in status + " ":
            raise BrowserError(f"WebSocket handshake refused: {status}")

    def settimeout(self, seconds):
        self.sock.settimeout(seconds)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def _send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack("!H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", length)
        mask = os.urandom(4)
        # XOR with the mask as one big integer: fast enough for large payloads.
        repeated = (mask * (length // 4 + 1))[:length]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(length, "big")
        self.sock.sendall(header + mask + masked)

    def _read_exact(self, count):
        while len(self._buffer) < count:
            chunk = self.sock.recv(max(65536, count - len(self._buffer)))
            if not chunk:
                raise BrowserError("DevTools closed the WebSocket")
            self._buffer += chunk
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def recv(self):
        """The next text message (continuation frames joined; pings answered)."""
        message = b""
        while True:
            first, second = self._read_exact(2)
            fin, opcode = first & 0x80, first & 0x0F
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read_exact(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read_exact(8))[0]
            mask = self._read_exact(4) if second & 0x80 else None
            payload = self._read_exact(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise BrowserError("DevTools closed the WebSocket")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            message += payload
            if fin:
                return message.decode("utf-8", "replace")

    def close(self):
        try:
            self._send_frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


# -- Chromium ----------------------------------------------------------------------------------

def find_chromium():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    raise BrowserError("no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chrome)")


class Chromium:
    """A headless Chromium with its own profile, killed (whole process group) on close."""

    def __init__(self, binary=None, window=(1280, 1400), start_timeout=30.0):
        self.binary = binary or find_chromium()
        self.window = window
        self.start_timeout = start_timeout
        self.process = None
        self.ws = None
        self.stderr = []
        self._profile = None
        self._next_id = 0
        self._events = []  # (sessionId, method, params) not consumed yet
        self._listening = threading.Event()
        self._ws_url = None

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def start(self):
        self._profile = tempfile.mkdtemp(prefix="lbrun-chromium-")
        self.process = subprocess.Popen(
            [self.binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--remote-debugging-port=0", f"--user-data-dir={self._profile}",
             f"--window-size={self.window[0]},{self.window[1]}", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--mute-audio", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, errors="replace", start_new_session=True,
        )
        threading.Thread(target=self._read_stderr, daemon=True).start()
        deadline = time.monotonic() + self.start_timeout
        active_port = os.path.join(self._profile, "DevToolsActivePort")
        while self._ws_url is None:
            if self._listening.wait(0.1):
                break
            if os.path.exists(active_port):  # "PORT\n/devtools/browser/ID"
                lines = open(active_port).read().split()
                if len(lines) >= 2:
                    self._ws_url = f"ws://127.0.0.1:{lines[0]}{lines[1]}"
                    break
            if self.process.poll() is not None:
                time.sleep(0.2)
                raise BrowserError(f"Chromium exited with status {self.process.returncode}:\n" + self.stderr_tail())
            if time.monotonic() > deadline:
                raise BrowserError("Chromium did not open its DevTools port in time:\n" + self.stderr_tail())
        self.ws = WebSocket(self._ws_url)

    def _read_stderr(self):
        for line in self.process.stderr:
            self.stderr.append(line.rstrip("\n"))
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match and self._ws_url is None:
                self._ws_url = match.group(1)
                self._listening.set()

    def stderr_tail(self, lines=30):
        return "\n".join("  | " + line for line in self.stderr[-lines:])

    def close(self):
        if self.ws:
            try:
                self.ws.close()
            except OSError:
                pass
            self.ws = None
        process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=5)
                except ProcessLookupError:
                    pass
                except subprocess.TimeoutExpired:
                    pass
            try:  # the browser's helper processes share its process group
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=5)
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    # -- protocol ------------------------------------------------------------------------------

    def call(self, method, params=None, session=None, timeout=30.0):
        """Sends one command and returns its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline, f"{method}")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method} failed: {reply['error'].get('message')} {reply['error'].get('data', '')}")
                return reply.get("result", {})

    def _receive(self, deadline, what):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise BrowserError(f"no answer from Chromium to {what} in time")
        self.ws.settimeout(remaining)
        try:
            message = json.loads(self.ws.recv())
        except socket.timeout:
            raise BrowserError(f"no answer from Chromium to {what} in time") from None
        if "method" in message:
            self._events.append((message.get("sessionId"), message["method"], message.get("params", {})))
        return message

    def wait_event(self, method, session=None, timeout=30.0):
        deadline = time.monotonic() + timeout
        while True:
            for index, (event_session, event_method, params) in enumerate(self._events):
                if event_method == method and event_session == session:
                    del self._events[index]
                    return params
            self._receive(deadline, f"the event {method}")

    def take_events(self, session, method):
        taken = [params for s, m, params in self._events if s == session and m == method]
        self._events = [e for e in self._events if not (e[0] == session and e[1] == method)]
        return taken

    def new_page(self):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Page(self, session)


class Page:
    def __init__(self, browser, session):
        self.browser = browser
        self.session = session
        self.console = []  # console errors and uncaught exceptions, as text
        for domain in ("Page", "Runtime"):
            self.call(f"{domain}.enable")

    def call(self, method, params=None, timeout=30.0):
        result = self.browser.call(method, params, self.session, timeout)
        self._collect_console()
        return result

    def _collect_console(self):
        for params in self.browser.take_events(self.session, "Runtime.exceptionThrown"):
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            self.console.append(f"uncaught: {text}")
        for params in self.browser.take_events(self.session, "Runtime.consoleAPICalled"):
            if params.get("type") in ("error", "assert"):
                args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                self.console.append(f"console.{params['type']}: {args}")

    def navigate(self, url, timeout=30.0):
        self.browser.take_events(self.session, "Page.loadEventFired")
        result = self.call("Page.navigate", {"url": url}, timeout)
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        self.browser.wait_event("Page.loadEventFired", self.session, timeout)

    def evaluate(self, expression, timeout=30.0):
        """The value of a JavaScript expression (promises awaited); page exceptions raise."""
        result = self.call("Runtime.evaluate", {
            "expression": expression, "awaitPromise": True, "returnByValue": True, "userGesture": True,
        }, timeout + 5)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text", "")
            raise BrowserError(text.split("\n    at ")[0])
        return result.get("result", {}).get("value")

    def wait_for(self, condition, what, timeout=30.0):
        """Polls a JavaScript expression until it is truthy and returns its value."""
        script = """new Promise((resolve, reject) => {
            const started = Date.now();
            const tick = () => {
                let value;
                try { value = (() => (%s))(); } catch (e) { value = undefined; }
                if (value) return resolve(value);
                if (Date.now() - started > %d) return reject(new Error("timeout"));
                setTimeout(tick, 100);
            };
            tick();
        })""" % (condition, int(timeout * 1000))
        try:
            return self.evaluate(script, timeout)
        except BrowserError as error:
            if "timeout" in str(error):
                raise BrowserError(f"timed out after {timeout:.0f} s waiting for {what}") from None
            raise

    def wait_visible(self, selector, what=None, timeout=30.0):
        return self.wait_for(
            f"(e => e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')"
            f"(document.querySelector({json.dumps(selector)}))",
            what or f"{selector} to be visible", timeout)

    def click(self, selector, timeout=30.0):
        """A real mouse click in the middle of a visible element, as a user would do it."""
        self.wait_visible(selector, timeout=timeout)
        box = self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: "center", inline: "center"}});
            const r = e.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            const covered = hit && !(e === hit || e.contains(hit) || hit.contains(e)) ? hit.outerHTML.slice(0, 120) : null;
            return {{x, y, covered}};
        }})()""")
        if box["covered"]:
            raise BrowserError(f"cannot click {selector}: it is covered by {box['covered']}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {
                "type": kind, "x": box["x"], "y": box["y"], "button": "left" if kind != "mouseMoved" else "none",
                "clickCount": 1 if kind != "mouseMoved" else 0,
            })

    def type_into(self, selector, text, timeout=30.0):
        """Focuses a field, clears it and types text (input events fire as for a user)."""
        self.wait_visible(selector, timeout=timeout)
        self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: "center"}}); e.focus(); e.select && e.select();
        }})()""")
        self.call("Input.insertText", {"text": text})
        actual = self.evaluate(f"document.querySelector({json.dumps(selector)}).value")
        if actual != text:
            raise BrowserError(f"typed {text!r} into {selector} but it holds {actual!r}")

    def text(self, selector):
        return self.evaluate(f"(e => e ? e.innerText : null)(document.querySelector({json.dumps(selector)}))")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        return path
