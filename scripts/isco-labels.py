#!/usr/bin/env python3
"""Derives Sources/KaartenbakCore/Resources/isco-groups-nl.tsv from ESCO's ISCO-08 groups in Dutch:

  isco_groups_nl.csv   ESCO's ISCO-08 groups (code, preferredLabel, conceptUri), Dutch labels;
                       ESCO, (c) European Union, CC BY 4.0 (https://esco.ec.europa.eu)

It keeps each group's code and Dutch preferred label (the four-digit unit groups the catalogue codes to, and
the major, sub-major and minor groups above them).

usage: scripts/isco-labels.py ../shared/reference/esco/isco_groups_nl.csv > Sources/KaartenbakCore/Resources/isco-groups-nl.tsv
"""
import csv
import sys

rows = []
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    for row in csv.DictReader(handle):
        code, label = row["code"].strip(), " ".join(row["preferredLabel"].split())
        if not code.isdigit() or not 1 <= len(code) <= 4 or not label:
            sys.exit(f"unexpected row: {row}")
        rows.append((code, label))

print("# ISCO-08 groups with their Dutch labels. Derived by scripts/isco-labels.py from ESCO's isco_groups_nl.csv:")
print("# ESCO, (c) European Union, https://esco.ec.europa.eu, licensed under CC BY 4.0; only the code and the")
print("# Dutch preferred label of each group are kept.")
print("# code\tlabel")
for code, label in sorted(rows, key=lambda r: (r[0])):
    print(f"{code}\t{label}")
