#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The Grafana dashboard is valid JSON and every PromQL expression in it, and in the alert
# rules, names only metrics the agent exports: those report/report_prom.c writes into
# metrics.prom, the two counters verify --every adds (agent/cmd_verify.c), and Prometheus'
# own `up`.
import json
import re
import sys

src = sys.argv[1]
exported = set()
for path in ("report/report_prom.c", "agent/cmd_verify.c"):
    exported |= set(re.findall(r'"(crosspeer_[a-z0-9_]+)', open(f"{src}/{path}").read()))
# report_prom.c names families as "crosspeer_x" and prints samples as "crosspeer_x{": both
# forms are caught above; a name must not end with a separator
exported = {n for n in exported if not n.endswith("_")}
allowed = exported | {"up"}
failures = []


def check_expr(where, expr):
    names = set(re.findall(r"\b(crosspeer_[a-zA-Z0-9_]+)", expr))
    # any other selector: an identifier directly followed by { or [
    names |= {n for n in re.findall(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{\[]", expr)
              if n not in ("by", "without", "on", "ignoring", "group_left", "group_right")}
    for n in sorted(names - allowed):
        failures.append(f"{where}: {n} is not a metric the agent exports")
    return names


try:
    dash = json.load(open(f"{src}/deploy/grafana/crosspeer.json"))
except ValueError as e:
    sys.exit(f"FAIL: deploy/grafana/crosspeer.json is not valid JSON: {e}")
used, n_expr = set(), 0
for panel in dash["panels"]:
    for t in panel.get("targets", []):
        used |= check_expr(f"dashboard panel '{panel['title']}'", t["expr"])
        n_expr += 1
for var in dash["templating"]["list"]:
    if var["type"] == "query":
        used |= check_expr(f"dashboard variable {var['name']}", var["definition"])

rules = "\n".join(line for line in open(f"{src}/deploy/prometheus/crosspeer-alerts.yml")
                  if not line.lstrip().startswith("#"))
for m in re.finditer(r"expr:\s*(\|\n(?:\s{10,}.*\n)+|.*)", rules):
    used |= check_expr("alert rule", m.group(1))

print(f"{len(exported)} metrics exported; {n_expr} dashboard expressions and the alert rules use "
      f"{len(used)}: {', '.join(sorted(used))}")
if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("PASS: every metric named by the dashboard and the alert rules is exported")
