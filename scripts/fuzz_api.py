#!/usr/bin/env python3
# Property-based tests of a served app's REST API with schemathesis (run by scripts/fuzz-api):
# serves the app with lbrun (temporary copy, free port), logs a user in when the app has a public
# model based on User, and runs schemathesis on /explorer/openapi.json with that user's access
# token. Fails on any 5xx answer (not_a_server_error) and on any answer that breaks the schema
# the document declares for it (response_schema_conformance). Repeatable: deterministic
# generation, one worker. The JUnit report goes to
# test-artifacts/schemathesis/junit.xml.
#
#     python3 scripts/fuzz_api.py --schemathesis ~/.cache/lbrun/test-venv/bin/schemathesis \
#         .build/debug/lbrun examples/bookstore [--max-examples 30]
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from lbrun_serve import LbrunServer, ServerError  # noqa: E402

CHECKS = "not_a_server_error,response_schema_conformance"


def main():
    parser = argparse.ArgumentParser(description="schemathesis against an app served by lbrun")
    parser.add_argument("lbrun", help="the lbrun binary (e.g. .build/debug/lbrun)")
    parser.add_argument("app", help="the app directory to serve (e.g. examples/bookstore)")
    parser.add_argument("--schemathesis", default=shutil.which("schemathesis"), help="the schemathesis command")
    parser.add_argument("--spec", default="/explorer/openapi.json", help="path of the OpenAPI document")
    parser.add_argument("--max-examples", type=int, default=30, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, help="random generation with this seed instead of the deterministic mode")
    parser.add_argument("--workers", default="1", help="1 keeps runs repeatable")
    parser.add_argument("--phases", default="examples,coverage,fuzzing,stateful")
    parser.add_argument("--time-limit", type=float, default=300, help="seconds before schemathesis is stopped")
    parser.add_argument("--no-auth", action="store_true", help="do not log a user in")
    parser.add_argument("--artifacts", default=os.path.join(REPO, "test-artifacts", "schemathesis"))
    parser.add_argument("extra", nargs="*", help="more schemathesis options (after --)")
    args = parser.parse_args()
    args.artifacts = os.path.abspath(args.artifacts)
    if not args.schemathesis:
        sys.exit("fuzz-api: no schemathesis (scripts/fuzz-api installs it)")

    def terminate(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, terminate)

    plan = json.loads(subprocess.run([args.lbrun, "plan", args.app], check=True, capture_output=True, text=True).stdout)
    api_root = plan["config"].get("restApiRoot", "/api")
    try:
        with LbrunServer(args.lbrun, args.app) as server:
            print(f"fuzz-api: lbrun serves {args.app} on {server.base_url}", flush=True)
            status, spec = server.request("GET", args.spec)
            if status != 200 or not isinstance(spec, dict):
                sys.exit(f"fuzz-api: GET {args.spec} answered {status}, not an OpenAPI document")
            spec_url = server.base_url + args.spec
            # Operations' paths are relative to the document's first server (e.g. "/api").
            servers = spec.get("servers") or [{"url": api_root}]
            base_url = urllib.parse.urljoin(spec_url, servers[0].get("url", api_root)).rstrip("/")
            print(f"fuzz-api: OpenAPI {spec.get('openapi', spec.get('swagger'))}, "
                  f"{sum(len(v) for v in spec.get('paths', {}).values())} operations, base URL {base_url}")

            command = [args.schemathesis, "run", spec_url, "--url", base_url,
                       "--checks", CHECKS, "--max-examples", str(args.max_examples),
                       *(["--seed", str(args.seed)] if args.seed is not None else ["--generation-deterministic"]),
                       "--workers", args.workers, "--phases", args.phases, "--request-timeout", "10",
                       "--report", "junit", "--report-junit-path", os.path.join(args.artifacts, "junit.xml")]
            # change-stream endpoints stream for as long as the client listens: not for fuzzing.
            skipped = ["change-stream"]
            users = [m for m in plan["models"] if m.get("isPublic") and m.get("dataSource")
                     and "User" in (m.get("ancestors") or []) + [m.get("base")]]
            if users and not args.no_auth:
                path = f"{api_root.rstrip('/')}{users[0]['httpPath']}"
                user, token = server.login(email="fuzz@example.com", password="fuzz-password", model_path=path)
                print(f"fuzz-api: requests carry the access token of {users[0]['name']} {user.get('id')} "
                      f"(logout operations skipped, so that it stays valid)")
                command += ["--header", f"Authorization: {token}"]
                skipped.append("logout")
            command += ["--exclude-path-regex", f"/({'|'.join(skipped)})$"]
            command += args.extra
            shown = ["'Authorization: <token>'" if c.startswith("Authorization:") else c for c in command]
            print("fuzz-api: " + " ".join(shown), flush=True)
            try:
                # schemathesis keeps a cache in ./.schemathesis: inside the artifacts, not the repository.
                os.makedirs(args.artifacts, exist_ok=True)
                result = subprocess.run(command, timeout=args.time_limit, cwd=args.artifacts)
            except subprocess.TimeoutExpired:
                print(f"fuzz-api: schemathesis ran longer than {args.time_limit:.0f} s and was stopped "
                      f"(lower FUZZ_MAX_EXAMPLES)", file=sys.stderr)
                return 1
            if server.process is None or server.process.poll() is not None:
                print("fuzz-api: lbrun is no longer running:\n" + server.log_tail(), file=sys.stderr)
                return 1
            if result.returncode != 0:
                print(f"fuzz-api: schemathesis found problems (exit {result.returncode}); lbrun's last output:\n"
                      + server.log_tail(20), file=sys.stderr)
            return result.returncode
    except KeyboardInterrupt:
        print("fuzz-api: interrupted", file=sys.stderr)
        return 130
    except ServerError as error:
        print(f"fuzz-api: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
