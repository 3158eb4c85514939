"""Peer baseline for BENCHMARKS.md: slm's unfilled-rate measure written plainly in DuckDB SQL.

Reads the same files slm reads (adverts CSV, the GIAS register in Windows-1252), applies the
same round rule (gap > 365 days opens a post, 21..365 is a re-advertisement), the same scope
and phase rules, and aggregates posts and re-advertised posts by year, geography and the
three filters with their Totals (CUBE). Prints the row count and the national head teacher
rates of the last year, so a reader can compare them with slm's table.

usage: python3 bench/duckdb_baseline.py ADVERTS.csv SCHOOLS.csv
"""
import os
import sys
import tempfile

import duckdb

adverts, schools = sys.argv[1], sys.argv[2]
con = duckdb.connect()
# DuckDB reads UTF-8: decode the register from Windows-1252 first, as slm does.
with open(schools, encoding="cp1252", newline="") as f:
    text = f.read()
tmp = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="")
tmp.write(text)
tmp.close()

sql = f"""
WITH a AS (
  SELECT advert_id, CAST(published_on AS DATE) AS d, CAST(school_urn AS INTEGER) AS urn,
         lower(trim(role)) AS role, nullif(trim(coalesce(phase, '')), '') AS phase_override
  FROM read_csv('{adverts}', all_varchar = true)
),
g AS (
  SELECT *, d - lag(d) OVER (PARTITION BY urn, role ORDER BY d, advert_id) AS gap FROM a
),
r AS (
  SELECT *, sum(CASE WHEN gap IS NULL OR gap > 365 THEN 1 ELSE 0 END)
            OVER (PARTITION BY urn, role ORDER BY d, advert_id ROWS UNBOUNDED PRECEDING) AS rn
  FROM g
),
rounds AS (
  SELECT urn, role, rn, min(d) AS opened, arg_min(phase_override, d) AS phase_override,
         count(*) AS adverts, max(CASE WHEN gap BETWEEN 21 AND 365 THEN 1 ELSE 0 END) AS readv
  FROM r GROUP BY urn, role, rn
),
s AS (
  SELECT CAST("URN" AS INTEGER) AS urn,
    CASE
      WHEN "EstablishmentTypeGroup (name)" NOT IN ('Local authority maintained schools', 'Academies',
           'Free Schools', 'Special schools', 'Welsh schools')
        OR "TypeOfEstablishment (name)" IN ('Other independent special school', 'Non-maintained special school',
           'Pupil referral unit', 'Local authority nursery school', 'Academy alternative provision converter',
           'Academy alternative provision sponsor led', 'Free schools alternative provision',
           'Academy 16-19 converter', 'Academy 16 to 19 sponsor led', 'Free schools 16 to 19',
           'Academy secure 16 to 19', 'Special post 16 institution') THEN NULL
      WHEN lower("TypeOfEstablishment (name)") LIKE '%special%' THEN 'special'
      WHEN "PhaseOfEducation (name)" IN ('Primary', 'Middle deemed primary') THEN 'primary'
      WHEN "PhaseOfEducation (name)" IN ('Secondary', 'Middle deemed secondary', 'All-through', '16 plus') THEN 'secondary'
    END AS phase,
    CASE WHEN "GOR (name)" LIKE 'Wales%' THEN 'W92000004' ELSE 'E92000001' END AS country,
    CASE WHEN "GOR (name)" LIKE 'Wales%' THEN NULL ELSE "GOR (name)" END AS region,
    CASE WHEN "ReligiousCharacter (name)" IN ('Church of England', 'Roman Catholic') THEN "ReligiousCharacter (name)"
         WHEN coalesce("ReligiousCharacter (name)", '') IN ('', 'None', 'Does not apply') THEN 'No religious character'
         ELSE 'Other religious character' END AS religion,
    "EstablishmentTypeGroup (name)" AS grp
  FROM read_csv('{tmp.name}', all_varchar = true)
),
posts AS (
  SELECT CASE WHEN month(opened) >= 9 THEN year(opened) ELSE year(opened) - 1 END AS year,
         coalesce(rounds.phase_override, s.phase) AS phase, rounds.role, s.country, s.region,
         coalesce(s.religion, '') AS religion, rounds.adverts, rounds.readv
  FROM rounds LEFT JOIN s USING (urn)
  WHERE (s.urn IS NULL AND rounds.phase_override IS NOT NULL) OR s.phase IS NOT NULL
),
cubed AS (
  SELECT year, 'K04000001' AS country, NULL AS region, phase, role, religion,
         count(*) AS posts, sum(readv) AS readv, sum(adverts) AS adverts
  FROM posts GROUP BY year, CUBE (phase, role, religion)
  UNION ALL
  SELECT year, country, NULL, phase, role, religion, count(*), sum(readv), sum(adverts)
  FROM posts WHERE country IS NOT NULL GROUP BY year, country, CUBE (phase, role, religion)
  UNION ALL
  SELECT year, 'E92000001', region, phase, role, religion, count(*), sum(readv), sum(adverts)
  FROM posts WHERE region IS NOT NULL GROUP BY year, region, CUBE (phase, role, religion)
)
SELECT *, round(100.0 * readv / posts, 1) AS unfilled_percent FROM cubed ORDER BY ALL
"""
rows = con.execute(sql).fetchall()
os.unlink(tmp.name)
last = max(r[0] for r in rows)
heads = [r for r in rows if r[0] == last and r[1] == "K04000001" and r[4] == "head" and r[5] is None and r[3] is not None]
print(f"duckdb: {len(rows)} cells; {last} head teacher rates: " + ", ".join(f"{r[3]} {r[9]}" for r in sorted(heads)))
