# What the Python end-to-end tests (Tests/browser, Tests/deploy) report with: a failed check
# raises TestFailure with its message; step prints one line of progress. Standard library only.


class TestFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise TestFailure(message)


def step(text):
    print(f"  - {text}", flush=True)
