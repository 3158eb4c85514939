"""Opens each release's tables.ods with Python's own zip and XML readers (no
spreadsheet library, so independent of slm and of calamine) and checks every table
sheet against its CSV: the sheet named for the table, its header the readable labels of
the columns shown, then every National and Regional row, numbers as numbers
(percentages as fractions), symbols bracketed, [z] where a column does not apply.

usage: python3 .ci/ods_check.py reports/2010-11 reports/2024-25 ...
"""

import csv
import sys
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
GEOGRAPHY = {
    "time_period": "Time period",
    "time_identifier": "Time identifier",
    "geographic_level": "Geographic level",
    "country_code": "Country code",
    "country_name": "Country",
    "region_code": "Region code",
    "region_name": "Region",
    "old_la_code": "Old LA code",
    "new_la_code": "New LA code",
    "la_name": "Local authority",
}


def cell_value(cell):
    """A cell as (kind, value): ('number', float), ('text', str) or ('empty', '')."""
    kind = cell.get(f"{{{NS['office']}}}value-type")
    if kind in ("float", "percentage"):
        return "number", float(cell.get(f"{{{NS['office']}}}value"))
    if kind == "string":
        return "text", "".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
    return "empty", ""


def sheets(path):
    root = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    out = {}
    for table in root.iter(f"{{{NS['table']}}}table"):
        rows = []
        for row in table.findall("table:table-row", NS):
            rows.append([cell_value(c) for c in row.findall("table:table-cell", NS)])
        out[table.get(f"{{{NS['table']}}}name")] = rows
    return out


def check(release):
    release = Path(release)
    book = sheets(release / "tables.ods")
    failures = []
    checked = 0
    for data in sorted((release / "data").glob("*.csv")):
        if data.name.endswith(".meta.csv"):
            continue
        name = data.stem
        with open(data, newline="") as f:
            rows = list(csv.DictReader(f))
        with open(data.with_suffix("").with_suffix(".meta.csv"), newline="") as f:
            meta = {m["col_name"]: m for m in csv.DictReader(f)}
        header = list(rows[0].keys()) if rows else []
        rows = [r for r in rows if r.get("geographic_level") != "Local authority"]
        sheet_name = name.replace("_", " ")
        sheet_name = sheet_name[0].upper() + sheet_name[1:]
        if sheet_name not in book:
            failures.append(f"{release}: no sheet {sheet_name!r} for {data.name}")
            continue
        sheet = book[sheet_name]
        indicator = {c for c, m in meta.items() if m["col_type"] == "Indicator"}
        shown = [c for c in header if c in indicator or any(r[c] for r in rows)]
        labels = [meta[c]["label"] if c in meta else GEOGRAPHY[c] for c in shown]
        got = [v for _, v in sheet[3][: len(shown)]]
        if got != labels:
            failures.append(f"{release}/{sheet_name}: header {got} is not {labels}")
            continue
        for i, row in enumerate(rows):
            cells = sheet[4 + i]
            for j, column in enumerate(shown):
                want = row[column]
                kind, value = cells[j] if j < len(cells) else ("empty", "")
                at = f"{release}/{sheet_name} row {5 + i} {column}"
                if column in indicator and want not in ("c", "u", "x", "z", ""):
                    number = float(want)
                    if meta[column]["indicator_unit"] == "%":
                        number /= 100
                    if kind != "number" or abs(value - number) > 1e-9:
                        failures.append(f"{at}: {kind} {value!r} for {want}")
                else:
                    text = f"[{want}]" if column in indicator else (want or "[z]")
                    if (kind, value) != ("text", text):
                        failures.append(f"{at}: {kind} {value!r} for {text!r}")
                checked += 1
        if len(sheet) != 4 + len(rows):
            failures.append(f"{release}/{sheet_name}: {len(sheet) - 4} rows for {len(rows)}")
    return checked, failures


def main():
    total = 0
    failures = []
    for release in sys.argv[1:]:
        checked, found = check(release)
        total += checked
        failures += found
        print(f"{release}/tables.ods: {checked} cells checked against the CSVs")
    for f in failures[:50]:
        print(f"FAIL {f}", file=sys.stderr)
    if failures or total == 0:
        print(f"{len(failures)} cells differ", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
