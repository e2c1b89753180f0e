# The two commands of the README: `make run` and `make test`. Both install what is missing.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install browser lint format bench bench-others faults

install: node_modules/.package-lock.json
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --quiet
	@# systemd-analyze checks the unit files of deploy/systemd/ (a test; nothing is started).
	@command -v systemd-analyze >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null; \
	  else echo "systemd-analyze is missing: run 'sudo apt-get install systemd' (a test checks the unit files with it)"; fi; }

# The page styles and scripts (USWDS, pinned in package-lock.json), served by the app itself:
# installed when node_modules is missing or the lock changed (npm ci rewrites this file).
node_modules/.package-lock.json: package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js 18+ (it brings npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; exit 1; fi; }

# `make run PORT=8123` serves on another port; a second instance beside the first also needs a
# data folder of its own: `make run PORT=8123 EFILING_DATA_DIR=/tmp/efiling-2` (README).
PORT ?= 8000
run: install
	$(UV) run efiling serve --demo --port $(PORT)

# lint-imports: the apps' dependency order ([tool.importlinter] in pyproject.toml; an upward
# import or a cycle between apps fails the run, imports inside functions included).
test: install browser
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports
	$(UV) run pytest

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports

format: install
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

# Issue 16's table of measures on PostgreSQL (benchmarks/table.py, docs/operations.md
# "Benchmarks"): `make bench BENCH_CASES=1000000` at the issue's scale; `make bench-others` runs
# the benchmarks that are not in the table.
BENCH_CASES ?= 20000
bench: install
	$(UV) run python benchmarks/table.py --cases $(BENCH_CASES)

bench-others: install
	$(UV) run python benchmarks/table.py --others

# The fault runs (issue 10): SIGKILL of web processes and the worker, then PostgreSQL restarts,
# each on a system of its own; `make faults ARGS="--envelopes 240 --kills 10 --restarts 6"`.
faults: install
	$(UV) run python benchmarks/faults.py $(ARGS)
