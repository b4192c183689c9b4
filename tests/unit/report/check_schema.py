#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
"""Validate a report.json against docs/report.schema.json. Exit 0 valid, 1 invalid, 77 no jsonschema."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (scripts/install-deps.sh)", file=sys.stderr)
    sys.exit(77)

with open(sys.argv[1]) as f:
    schema = json.load(f)
with open(sys.argv[2]) as f:
    report = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(report), key=str)
for e in errors:
    print("%s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message), file=sys.stderr)
sys.exit(1 if errors else 0)
