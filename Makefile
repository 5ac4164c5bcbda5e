# 智慧工会工作平台 — the README shows only `make run` and `make test`; the rest are for developers.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# First Python >= 3.12 found: python3.13, python3.12, pyenv's 3.13.0, then python3.
FIND_PYTHON = for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13.0/bin/python python3; do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo $$p; break; fi; \
	done

.PHONY: run test venv venv-dev system-deps browser-deps lint fmt check migrate seed clean-db

$(VENV)/.base-installed: requirements/base.txt
	@py="$$($(FIND_PYTHON))"; \
	if [ -z "$$py" ]; then \
	  echo "未找到 Python 3.12 及以上版本。请先安装：Debian/Ubuntu 执行 'sudo apt-get install python3.12 python3.12-venv'，或用 pyenv 执行 'pyenv install 3.13.0'。"; exit 1; \
	fi; \
	if [ ! -x $(PY) ]; then echo "使用 $$py 创建虚拟环境 $(VENV)"; "$$py" -m venv $(VENV); fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(PY) -m pip install -q -r requirements/dev.txt
	@touch $@

venv: $(VENV)/.base-installed
venv-dev: $(VENV)/.dev-installed

# CJK fonts for pages and PDFs (only where we run as root and they are missing).
system-deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk; \
	fi

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
browser-deps: system-deps
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null && ! dpkg -s chromium >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	fi

migrate: venv
	$(PY) manage.py migrate --noinput -v0

seed: migrate
	$(PY) manage.py seed_demo

run: venv system-deps seed
	$(PY) manage.py collectstatic --noinput -v0
	@echo ""
	@echo "智慧工会工作平台已就绪：http://$(HOST):$(PORT)/  （会员端：http://$(HOST):$(PORT)/portal/）"
	@echo "演示账号（密码均为 Gonghui2026）："
	@echo "  admin        系统管理员（全市）"
	@echo "  shi_admin    工会管理员 · 焦作市教科文卫体工会    shi_ganshi 工会干事    shi_shenji 只读审计"
	@echo "  jfq_admin    工会管理员 · 解放区教科文卫体工会    jfq_ganshi / jfq_shenhe / jfq_shenji / jfq_pingwei"
	@echo "  jfq01_admin  工会管理员 · 解放区第一中学工会"
	@echo "  13900000001  会员（手机号登录，会员端）"
	@echo "后台任务进程（db_worker）和每分钟一次的定时任务（run_due_jobs）随服务一起运行。按 Ctrl-C 全部停止。"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker & \
	( while true; do $(PY) manage.py run_due_jobs -v0; sleep 60; done ) & \
	$(VENV)/bin/gunicorn config.wsgi -c deploy/gunicorn.conf.py --bind $(HOST):$(PORT)

test: venv-dev browser-deps
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "没有选中任何测试"; rc=0; fi; exit $$rc

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy gonghui config tests conftest.py
	$(VENV)/bin/lint-imports

fmt: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: venv
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean-db:
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
