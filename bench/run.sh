#!/usr/bin/env bash
# Reproduces BENCHMARKS.md. Run on an otherwise idle machine:
#   bash bench/run.sh               # prints the tables and writes bench/results.md
# BENCH_DIR (default /tmp/slm-bench) holds the synthetic data; BENCH_RUNS (default 5).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/slm-bench}
runs=${BENCH_RUNS:-5}

command -v hyperfine >/dev/null || { apt-get update -qq; apt-get install -y -qq hyperfine; }
[ -x /usr/bin/time ] || apt-get install -y -qq time
python3 -c "import duckdb" 2>/dev/null || python3 -m pip install -q "duckdb==1.4.*"
(cd "$repo" && cargo build --release -q)
slm=${CARGO_TARGET_DIR:-$repo/target}/release/slm
mkdir -p "$work"

setup() { # $1: multiple of national. slm.toml: adverts and register (the scaling series);
  # national.toml: the same with the workforce panel (the national figures).
  local dir=$work/x$1
  [ -f "$dir/data/workforce.csv" ] || "$slm" synth --scale "$1" --out "$dir/data" >/dev/null
  printf '[inputs]\nadverts = ["data/adverts.csv"]\nschools = "data/schools.csv"\nlabel = "Synthetic benchmark data"\n' > "$dir/slm.toml"
  sed 's|^schools = .*|&\nworkforce = "data/workforce.csv"|' "$dir/slm.toml" > "$dir/national.toml"
}
peak_rss_mib() { # peak resident memory of a command, MiB
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1 / 1024}'
}

for s in 1 2 4 8; do setup "$s"; done
# The whole-teacher panel: national adverts and register, 500,000 posts a census (10 million rows).
big=$work/panel10m
[ -f "$big/data/workforce.csv" ] || "$slm" synth --scale national --workforce-size 500000 --out "$big/data" >/dev/null
printf '[inputs]\nadverts = ["data/adverts.csv"]\nschools = "data/schools.csv"\nworkforce = "data/workforce.csv"\nlabel = "Synthetic benchmark data"\n' > "$big/slm.toml"

cd "$work/x1"
hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$work/national.json" \
  -n "slm validate" "$slm validate --config national.toml" \
  -n "slm build" "$slm build --config national.toml" \
  -n "slm build (no panel)" "$slm build --config slm.toml" \
  -n "slm headlines" "$slm headlines --config national.toml" \
  -n "slm explain" "$slm explain --config national.toml --table unfilled_rates --phase primary --post head" \
  -n "duckdb baseline" "python3 $repo/bench/duckdb_baseline.py data/adverts.csv data/schools.csv data/workforce.csv" \
  -n "duckdb rates only" "python3 $repo/bench/duckdb_baseline.py data/adverts.csv data/schools.csv" >/dev/null
{
  echo "validate $(peak_rss_mib "$slm" validate --config national.toml)"
  echo "build $(peak_rss_mib "$slm" build --config national.toml)"
  echo "build_no_panel $(peak_rss_mib "$slm" build --config slm.toml)"
  echo "headlines $(peak_rss_mib "$slm" headlines --config national.toml)"
  echo "explain $(peak_rss_mib "$slm" explain --config national.toml --table unfilled_rates --phase primary --post head)"
  echo "duckdb $(peak_rss_mib python3 "$repo/bench/duckdb_baseline.py" data/adverts.csv data/schools.csv data/workforce.csv)"
  echo "duckdb_rates $(peak_rss_mib python3 "$repo/bench/duckdb_baseline.py" data/adverts.csv data/schools.csv)"
} > "$work/national.rss"
for i in 1 2 3 4 5; do "$slm" build --config national.toml --timings 2>&1 >/dev/null | grep '^timings'; done > "$work/national.timings"
for i in 1 2 3 4 5; do "$slm" build --config slm.toml --timings 2>&1 >/dev/null | grep '^timings'; done > "$work/national_no_panel.timings"
python3 "$repo/bench/duckdb_baseline.py" data/adverts.csv data/schools.csv data/workforce.csv > "$work/duckdb.out"
python3 -c "import duckdb; print(duckdb.__version__)" > "$work/duckdb.version"
wc -l < data/workforce.csv > "$work/national.panel_rows"

cd "$big"
hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$work/panel10m.json" -n "slm build (10M-row panel)" "$slm build" >/dev/null
echo "$(peak_rss_mib "$slm" build) $(wc -l < data/workforce.csv) $(wc -c < data/workforce.csv)" > "$work/panel10m.rss"
for i in 1 2 3 4 5; do "$slm" build --timings 2>&1 >/dev/null | grep '^timings'; done > "$work/panel10m.timings"

for s in 1 2 4 8; do
  cd "$work/x$s"
  hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$work/scale$s.json" -n "x$s" "$slm build" >/dev/null
  echo "$s $(peak_rss_mib "$slm" build) $(wc -c < data/adverts.csv) $(wc -c < data/schools.csv)" >> "$work/scale.rss.tmp"
done
mv "$work/scale.rss.tmp" "$work/scale.rss"

python3 "$repo/bench/report.py" "$work" | tee "$repo/bench/results.md"
