#!/usr/bin/env python3
"""Derives Sources/KaartenbakCore/Resources/places.tsv from the two reference files:

  geonames_pc4_nl.tsv        GeoNames postal codes of the Netherlands (CC BY 4.0, https://www.geonames.org)
  labour_market_regions.tsv  the 35 labour-market regions per municipality (annex of the UWV decree on work
                             areas), aligned to the GeoNames municipality names

usage: scripts/geo-table.py ../shared/reference/geo > Sources/KaartenbakCore/Resources/places.tsv
"""
import sys

folder = sys.argv[1]
regions = {}
for line in open(f"{folder}/labour_market_regions.tsv", encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    municipality, code, province, number, name = line.rstrip("\n").split("\t")[:5]
    regions[code] = (number, name)

print("# Places of the Netherlands by four-digit postcode. Derived by scripts/geo-table.py from GeoNames")
print("# (https://www.geonames.org, CC BY 4.0) and the labour-market regions of the UWV decree on work areas.")
print("# pc4\tplace\tmunicipality_code\tmunicipality\tprovince\tregion_number\tregion_name")
for line in open(f"{folder}/geonames_pc4_nl.tsv", encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 7 or parts[0] != "NL":
        continue
    pc4, place, province, municipality, code = parts[1], parts[2], parts[3], parts[5], parts[6]
    number, name = regions.get(code, ("", ""))
    print("\t".join([pc4, place, code, municipality, province, number, name]))
