"""Turns the files bench/run.sh leaves in BENCH_DIR into the markdown tables of BENCHMARKS.md."""
import json
import statistics
import sys
from pathlib import Path

work = Path(sys.argv[1])
nat = json.loads((work / "national.json").read_text())["results"]
rss = dict(line.split() for line in (work / "national.rss").read_text().splitlines())
rss_key = {"slm validate": "validate", "slm build": "build", "slm build (no panel)": "build_no_panel",
           "slm headlines": "headlines", "slm explain": "explain", "duckdb baseline": "duckdb",
           "duckdb rates only": "duckdb_rates"}

panel_rows = int((work / "national.panel_rows").read_text()) - 1
print(f"### National scale (about 21,000 schools in a 52,600-row register, 205,000 adverts, a leadership panel of {panel_rows:,} rows over 21 censuses)\n")
print("| command | median | min | max | peak RSS |")
print("|---|---|---|---|---|")
for r in nat:
    print(f"| `{r['command']}` | {r['median']:.3f} s | {r['min']:.3f} s | {r['max']:.3f} s | {rss[rss_key[r['command']]]} MiB |")
by = {r["command"]: r for r in nat}
ratio = by["slm build"]["median"] / by["duckdb baseline"]["median"]
rates_ratio = by["slm build (no panel)"]["median"] / by["duckdb rates only"]["median"]
duckdb_version = (work / "duckdb.version").read_text().strip() if (work / "duckdb.version").exists() else "unknown"
print(f"\nDuckDB {duckdb_version} (Python package), run in the same sitting as slm.")
print(f"\nslm build without the panel / DuckDB computing the unfilled-rate cells alone (medians): **{rates_ratio:.2f}**. slm build with the panel / DuckDB computing the rate, retention and survival cells: **{ratio:.2f}**. DuckDB computes cells only; slm also writes tables, parquet, charts (SVG and 2x PNG), the report, the spreadsheet (tables.xlsx), the data package and the manifest.\n")
print("DuckDB's answers for the national head teacher rates and retention (compare with `unfilled_rates.csv` and `retention.csv`):\n")
for line in (work / "duckdb.out").read_text().strip().splitlines():
    print("    " + line)
print()

stages = {}
for line in (work / "national.timings").read_text().splitlines():
    body = line.split(": ", 1)[1].split(" (total")[0]
    for part in body.split(", "):
        name, secs = part.rsplit(" ", 1)
        stages.setdefault(name, []).append(float(secs.rstrip("s")))
def stage_medians(path):
    out = {}
    for line in path.read_text().splitlines():
        body = line.split(": ", 1)[1].split(" (total")[0]
        for part in body.split(", "):
            name, secs = part.rsplit(" ", 1)
            out.setdefault(name, []).append(float(secs.rstrip("s")))
    return {k: statistics.median(v) for k, v in out.items()}

no_panel = stage_medians(work / "national_no_panel.timings")
print("### Time per stage of `slm build` at national scale (median of 5, `--timings`)\n")
print("| stage | with the panel | without |")
print("|---|---|---|")
for name, values in stages.items():
    other = f"{no_panel[name]:.3f} s" if name in no_panel else ""
    print(f"| {name} | {statistics.median(values):.3f} s | {other} |")

big = json.loads((work / "panel10m.json").read_text())["results"][0]
mib, rows, size = (work / "panel10m.rss").read_text().split()
print(f"\n### Whole-teacher panel: {int(rows) - 1:,} rows ({int(size) / 1e6:.0f} MB), national adverts and register\n")
print("| command | median | min | max | peak RSS |")
print("|---|---|---|---|---|")
print(f"| `slm build` | {big['median']:.3f} s | {big['min']:.3f} s | {big['max']:.3f} s | {mib} MiB |")
print("\nTime per stage (median of 5): " + ", ".join(f"{k} {v:.3f} s" for k, v in stage_medians(work / "panel10m.timings").items()))

print("\n### Scaling (`slm build` on adverts and register, no panel; multiples of national: schools and adverts both scale)\n")
print("| scale | adverts file | register file | median | min | max | peak RSS | time / 1x |")
print("|---|---|---|---|---|---|---|---|")
base = None
for line in (work / "scale.rss").read_text().splitlines():
    s, mib, adverts, schools = line.split()
    r = json.loads((work / f"scale{s}.json").read_text())["results"][0]
    base = base or r["median"]
    print(f"| {s}x | {int(adverts) / 1e6:.0f} MB | {int(schools) / 1e6:.0f} MB | {r['median']:.3f} s | {r['min']:.3f} s | {r['max']:.3f} s | {mib} MiB | {r['median'] / base:.2f} |")
