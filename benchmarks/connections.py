"""How gunicorn's workers hold their PostgreSQL connections, measured (issue #20).

Three ways, each under the same gunicorn and load as the throughput table, with the floor and two pages:
- a new connection per request (CONN_MAX_AGE=0, Django's default);
- a persistent connection per worker, checked at the start of each request (CONN_MAX_AGE=60 with health
  checks: the production profile's default);
- Django 5.2's psycopg pool in each worker (DATABASE_POOL=true).
"""

from dataclasses import dataclass

from benchmarks.server import Browser, gunicorn, server_env
from benchmarks.throughput import CONNECTIONS, FLOOR_PATH, _python_load, _wrk, wrk_available

MODES = {
    "a new connection per request (CONN_MAX_AGE=0)": {"CONN_MAX_AGE": "0", "DATABASE_POOL": "false"},
    "persistent, health-checked (CONN_MAX_AGE=60)": {"CONN_MAX_AGE": "60", "DATABASE_POOL": "false"},
    "psycopg pool (DATABASE_POOL=true)": {"DATABASE_POOL": "true"},
}
PAGES = [("floor", None), ("triage", "projects:incoming_detail"), ("client list", "clients:client_list")]


@dataclass
class ModeRun:
    mode: str
    page: str
    requests_per_second: float
    errors: int


def connection_modes_measure(
    *, owner, password: str, urls: dict[str, str], var_dir: str, database_url: str, seconds: float
) -> list[ModeRun]:
    """The static files must already be collected (the throughput benchmark does it)."""
    load = _wrk if wrk_available() else _python_load
    targets = [(label, urls.get(name, FLOOR_PATH)) for label, name in PAGES if name is None or name in urls]
    runs = []
    for _ in range(2):  # two rounds, the modes in turn, so that a machine getting busier biases none
        for mode, variables in MODES.items():
            env = {**server_env(var_dir=var_dir, database_url=database_url), **variables}
            with gunicorn(env, workers=2) as server:
                browser = Browser(server.base_url)
                browser.login(owner.get_username(), password)
                cookie = f"__Host-sessionid={browser.cookies['__Host-sessionid']}"
                for label, path in targets:
                    run = load(server, cookie, label, path, seconds, CONNECTIONS)
                    runs.append(ModeRun(mode, label, run.requests_per_second, run.errors))
    return runs


def connection_modes_render(runs: list[ModeRun], seconds: float) -> list[str]:
    pages = list(dict.fromkeys(run.page for run in runs))
    lines = [
        "",
        "## PostgreSQL connections under gunicorn",
        "",
        f"gunicorn, 2 sync workers, production profile, {CONNECTIONS} connections, {seconds:g} s per page and mode, "
        "two rounds in turn (the mean of both): requests/s.",
        "",
        "| connections | " + " | ".join(pages) + " | errors |",
        "|---|" + "---:|" * len(pages) + "---:|",
    ]
    for mode in MODES:
        mine = [run for run in runs if run.mode == mode]
        figures = []
        for page in pages:
            values = [run.requests_per_second for run in mine if run.page == page]
            figures.append(f"{sum(values) / len(values):.1f}" if values else "")
        lines.append(f"| {mode} | " + " | ".join(figures) + f" | {sum(run.errors for run in mine)} |")
    return lines
