#!/usr/bin/env python3
# The API explorer in a real browser: serves an app with lbrun, opens /explorer/ in headless
# Chromium (driven over the DevTools protocol by cdp.py, standard library only) and uses it as
# a person would:
#   - every public model of the app is listed, and no other;
#   - expanding a model and its `find` operation and pressing "Try it out" shows status 200 and
#     a seeded record; a `filter` typed into the form reaches the server;
#   - with a user model (one based on User), a protected request shows 401 without a token and
#     200 once the token of a logged-in user is set in the token box.
# It builds nothing: pass the lbrun binary and the app directory (served from a temporary copy).
#
#     python3 Tests/browser/explorer_test.py .build/debug/lbrun examples/bookstore
#
# A screenshot of the answered request goes to test-artifacts/explorer-try-it.png; on failure,
# test-artifacts/explorer-failure.png and explorer-failure.txt (page text, console errors,
# lbrun's output) are written and the exit status is 1.
import argparse
import json
import os
import signal
import subprocess
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "scripts"))

from cdp import BrowserError, Chromium  # noqa: E402
from lbrun_serve import LbrunServer, ServerError  # noqa: E402
from e2e_checks import TestFailure, check, step  # noqa: E402


def css(value):
    return json.dumps(value)  # a quoted CSS attribute value ("Book.find")


def load_plan(binary, app):
    result = subprocess.run([binary, "plan", app], capture_output=True, text=True)
    if result.returncode != 0:
        raise TestFailure(f"`lbrun plan {app}` failed:\n{result.stderr}")
    return json.loads(result.stdout)


def seeded_value(model):
    """(property, string) of one of the model's seed records (a title, a name, ...), or None."""
    records = (model.get("seed") or {}).get("records") or []
    for key in ("title", "name"):
        for record in records:
            if isinstance(record.get(key), str):
                return key, record[key]
    for record in records:
        for key, value in record.items():
            if isinstance(value, str) and len(value) > 3:
                return key, value
    return None


class ExplorerTest:
    def __init__(self, args):
        self.args = args
        self.timeout = args.timeout
        self.page = None
        self.server = None
        self.saved = False

    # -- explorer operations -------------------------------------------------------------------

    def operation_selector(self, model, operation):
        return f"#models section.model[data-model={css(model)}] .operation[data-operation-id={css(operation)}]"

    def open_operation(self, model, operation):
        """Expands the model and the operation (when they are not already open)."""
        page = self.page
        model_selector = f"#models section.model[data-model={css(model)}]"
        selector = self.operation_selector(model, operation)
        if not page.evaluate(f"(e => !!e && e.getClientRects().length > 0)(document.querySelector({css(selector)}))"):
            page.click(f"{model_selector} .model-header")
            try:
                page.wait_visible(selector, f"{operation} to show after expanding {model}", self.timeout)
            except BrowserError as error:
                listed = page.evaluate(
                    f"[...document.querySelectorAll({css(model_selector + ' .operation')})]"
                    ".map(o => `${o.dataset.operationId} (${o.dataset.method} ${o.dataset.path})`)")
                raise TestFailure(f"{error}; the operations of {model} on the page: {listed}") from None
        if not page.evaluate(f"(e => !!e && e.getClientRects().length > 0)(document.querySelector({css(selector + ' button.try-it')}))"):
            page.click(f"{selector} .operation-header")
            page.wait_visible(f"{selector} button.try-it", f"the Try it out button of {operation}", self.timeout)
        return selector

    def try_operation(self, model, operation, params=None):
        """Fills the parameters, presses Try it out; returns (status, body text, parsed body)."""
        page = self.page
        selector = self.open_operation(model, operation)
        for name, value in (params or {}).items():
            field = f"{selector} [data-param={css(name)}]"
            check(page.evaluate(f"!!document.querySelector({css(field)})"),
                  f"{operation} has no field for its parameter '{name}' ({field})")
            page.type_into(field, value)
        # Forget a previous answer, so that the wait below sees this request's.
        page.evaluate(f"document.querySelector({css(selector)}).removeAttribute('data-state')")
        page.click(f"{selector} button.try-it")
        state = page.wait_for(
            f"(s => s === 'done' || s === 'error' ? s : null)(document.querySelector({css(selector)}).dataset.state)",
            f"the answer to {operation} (data-state done or error)", self.timeout)
        check(state == "done", f"{operation}: the request failed in the browser (data-state={state})")
        page.wait_visible(f"{selector} .response-status", f"the response status of {operation}", self.timeout)
        status = page.text(f"{selector} .response-status").strip()
        body = page.text(f"{selector} .response-body") or ""
        try:
            parsed = json.loads(body) if body.strip() else None
        except ValueError:
            parsed = None
        return status, body, parsed

    # -- the test ------------------------------------------------------------------------------

    def run(self):
        args = self.args
        plan = load_plan(args.lbrun, args.app)
        public = sorted(m["name"] for m in plan["models"] if m.get("isPublic") and m.get("dataSource"))
        models = {m["name"]: m for m in plan["models"]}
        check(args.model in public, f"{args.model} is not a public model of {args.app} (public: {public})")
        seeded = seeded_value(models[args.model])
        check(seeded, f"{args.model} has no seed records in {args.app}: nothing to look for in the answer")
        key, expected_text = seeded
        api_root = plan["config"].get("restApiRoot", "/api")
        print(f"explorer test: {args.app}, public models {', '.join(public)}")

        with LbrunServer(args.lbrun, args.app) as server, Chromium() as browser:
            self.server = server
            try:
                self.exercise(plan, public, models, key, expected_text, api_root, server, browser)
            except Exception as error:  # saved while the page and the server are still there
                self.save_failure(error)
                raise

    def exercise(self, plan, public, models, key, expected_text, api_root, server, browser):
        args = self.args
        step(f"lbrun serves on {server.base_url}")

        status, location = server.request("GET", "/explorer", follow_redirects=False)
        check(status in (301, 302, 303, 307, 308) and location.rstrip("/").endswith("/explorer"),
              f"GET /explorer should redirect to /explorer/, got {status} {location!r}")
        status, openapi = server.request("GET", "/explorer/openapi.json")
        check(status == 200 and isinstance(openapi, dict) and str(openapi.get("openapi", "")).startswith("3.1"),
              f"GET /explorer/openapi.json: expected an OpenAPI 3.1 document, got {status}")
        status, swagger = server.request("GET", "/explorer/swagger.json")
        check(status == 200 and isinstance(swagger, dict) and swagger.get("swagger") == "2.0",
              f"GET /explorer/swagger.json: expected a Swagger 2.0 document, got {status}")
        step("/explorer redirects; openapi.json (3.1) and swagger.json (2.0) are served")

        self.page = page = browser.new_page()
        page.navigate(f"{server.base_url}/explorer/", self.timeout)
        try:
            page.wait_for(
                "(want => want.every(m => document.querySelector(`#models section.model[data-model=\"${m}\"]`)))"
                f"({json.dumps(public)})", "every public model in #models", self.timeout)
        except BrowserError as error:
            listed = page.evaluate("[...document.querySelectorAll('#models section.model')].map(s => s.dataset.model)")
            raise TestFailure(f"{error}: the page lists {listed}, the app's public models are {public}") from None
        listed = page.evaluate("[...document.querySelectorAll('#models section.model')].map(s => s.dataset.model)")
        check(sorted(listed) == public, f"the page lists the models {sorted(listed)}, the app's public models are {public}")
        title = (page.text("#api-title") or "").strip()
        check(title, "#api-title is empty")
        step(f"page '{title}' lists {', '.join(listed)}")

        # find: the seeded records come back.
        find = f"{args.model}.find"
        selector = self.open_operation(args.model, find)
        method, path = page.evaluate(f"(e => [e.dataset.method, e.dataset.path])(document.querySelector({css(selector)}))")
        http_path = models[args.model]["httpPath"]
        check((method, path) == ("GET", http_path),
              f"{find} is shown as {method} {path}, expected GET {http_path}")
        check(page.evaluate(f"!!document.querySelector({css(selector + ' [data-param=filter]')})"),
              f"{find} has no filter field (input[data-param=filter])")
        status, body, parsed = self.try_operation(args.model, find)
        check(status == "200", f"{find}: status {status!r}, expected 200; body:\n{body[:2000]}")
        check(expected_text in body, f"{find}: the seeded {expected_text!r} is not in the response body:\n{body[:2000]}")
        step(f"{find}: Try it out shows 200 with {expected_text!r}")
        page.evaluate(f"document.querySelector({css(selector)}).scrollIntoView({{block: 'start'}})")
        shot = page.screenshot(os.path.join(args.artifacts, "explorer-try-it.png"))
        print(f"  screenshot: {os.path.relpath(shot)}")

        # A filter typed into the form reaches the server.
        status, body, parsed = self.try_operation(
            args.model, find, {"filter": json.dumps({"where": {key: expected_text}})})
        check(status == "200", f"{find} with a filter: status {status!r}, expected 200; body:\n{body[:2000]}")
        check(isinstance(parsed, list) and len(parsed) == 1 and parsed[0].get(key) == expected_text,
              f"{find} with filter where {key}={expected_text!r}: expected exactly that record, got:\n{body[:2000]}")
        step(f"{find} with a filter: exactly the matching record")

        # Access tokens: a user's own record is 401 without the token and 200 with it.
        users = [m for m in plan["models"]
                 if m["name"] in public and "User" in (m.get("ancestors") or []) + [m.get("base")]]
        if users:
            user_model = users[0]
            user_path = f"{api_root.rstrip('/')}{user_model['httpPath']}"
            user, token = server.login(model_path=user_path)
            find_by_id = f"{user_model['name']}.findById"
            status, body, _ = self.try_operation(user_model["name"], find_by_id, {"id": str(user["id"])})
            check(status == "401", f"{find_by_id} without a token: status {status!r}, expected 401; body:\n{body[:2000]}")
            step(f"{find_by_id} without a token: 401")
            page.type_into("input#access-token", token)
            page.click("button#set-token")
            status, body, parsed = self.try_operation(user_model["name"], find_by_id, {"id": str(user["id"])})
            check(status == "200" and isinstance(parsed, dict) and parsed.get("id") == user["id"],
                  f"{find_by_id} with the token of user {user['id']}: status {status!r}, expected 200 and the "
                  f"user; body:\n{body[:2000]}")
            step(f"{find_by_id} with the user's access token: 200")
        else:
            page.type_into("input#access-token", "not-a-real-token")
            page.click("button#set-token")
            status, body, _ = self.try_operation(args.model, find)
            check(status.isdigit() and len(status) == 3, f"{find} with a token: no status shown ({status!r})")
            step(f"{find} with an unknown access token: {status}")

        if page.console:
            print("  console errors on the page (not failing the test):")
            for line in page.console:
                print(f"    {line}")

    def save_failure(self, error):
        os.makedirs(self.args.artifacts, exist_ok=True)
        report = [f"explorer test failed: {error}"]
        if self.page is not None:
            try:
                shot = self.page.screenshot(os.path.join(self.args.artifacts, "explorer-failure.png"))
                print(f"  failure screenshot: {os.path.relpath(shot)}", file=sys.stderr)
            except Exception as shot_error:  # the browser may be the thing that broke
                report.append(f"(no screenshot: {shot_error})")
            try:
                report += ["", "== page text (document.body.innerText)", self.page.evaluate("document.body.innerText", 10) or ""]
            except Exception as text_error:
                report.append(f"(no page text: {text_error})")
            if self.page.console:
                report += ["", "== console errors"] + self.page.console
        if self.server is not None:
            report += ["", "== lbrun output", self.server.log_tail(200)]
        path = os.path.join(self.args.artifacts, "explorer-failure.txt")
        with open(path, "w") as file:
            file.write("\n".join(report) + "\n")
        print(f"  failure details: {os.path.relpath(path)}", file=sys.stderr)
        self.saved = True


def main():
    parser = argparse.ArgumentParser(description="Drive lbrun's API explorer in headless Chromium.")
    parser.add_argument("lbrun", help="the lbrun binary (e.g. .build/debug/lbrun)")
    parser.add_argument("app", help="the app directory to serve (e.g. examples/bookstore)")
    parser.add_argument("--model", default="Book", help="the model whose find operation is tried (default Book)")
    parser.add_argument("--artifacts", default=os.path.join(REPO, "test-artifacts"),
                        help="where screenshots go (default: test-artifacts/ in the repository)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each page change")
    args = parser.parse_args()

    def terminate(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, terminate)

    test = ExplorerTest(args)
    try:
        test.run()
    except KeyboardInterrupt:
        print("explorer test: interrupted", file=sys.stderr)
        return 130
    except (TestFailure, BrowserError, ServerError) as error:
        print(f"FAILED explorer test: {error}", file=sys.stderr)
        if not test.saved:
            test.save_failure(error)
        return 1
    except Exception:
        traceback.print_exc()
        print("FAILED explorer test: unexpected error (above)", file=sys.stderr)
        return 1
    print("explorer test: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
