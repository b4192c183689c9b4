#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
"""Parse a junit.xml and print, one per line: 'suite <tests> <failures>' then
'case <classname>|<name>|<failure message or empty>'. Exit 1 if it does not parse
or the counts disagree with the testcases."""
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
if root.tag != "testsuites":
    sys.exit("root is <%s>, not <testsuites>" % root.tag)
for suite in root.findall("testsuite"):
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    if int(suite.get("tests")) != len(cases) or int(suite.get("failures")) != len(failed):
        sys.exit("suite counts %s/%s but has %d cases, %d failed" %
                 (suite.get("tests"), suite.get("failures"), len(cases), len(failed)))
    print("suite %d %d %s" % (len(cases), len(failed), suite.get("name")))
    for c in cases:
        f = c.find("failure")
        print("case %s|%s|%s" % (c.get("classname"), c.get("name"),
                                 f.get("message") if f is not None else ""))
