"""Peer baseline for BENCHMARKS.md: slm's unfilled-rate and retention measures written plainly
in DuckDB SQL.

Reads the same files slm reads (adverts CSV, the GIAS register in Windows-1252), applies the
same round rule (gap > 365 days opens a post, 21..365 is a re-advertisement), the same scope
and phase rules, and aggregates posts and re-advertised posts by year, geography and the
three filters with their Totals (CUBE). Prints the row count and the national head teacher
rates of the last year, so a reader can compare them with slm's table.

With a workforce panel it also computes retention (one role per person and census, the
five transitions to the next census, by year, geography, phase and role with Totals) and
new-head survival 1 to 5 censuses on, by cohort and phase with Totals, and prints the
national head teacher retention of the last transition year.

usage: python3 bench/duckdb_baseline.py ADVERTS.csv SCHOOLS.csv [WORKFORCE.csv]
"""
import os
import sys
import tempfile

import duckdb

adverts, schools = sys.argv[1], sys.argv[2]
workforce = sys.argv[3] if len(sys.argv) > 3 else None
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
last = max(r[0] for r in rows)
heads = [r for r in rows if r[0] == last and r[1] == "K04000001" and r[4] == "head" and r[5] is None and r[3] is not None]
print(f"duckdb: {len(rows)} cells; {last} head teacher rates: " + ", ".join(f"{r[3]} {r[9]}" for r in sorted(heads)))

if workforce:
    schools_sql = sql[sql.index("\ns AS (") + 1:sql.index("\nposts AS (")].rstrip().rstrip(",")
    panel_sql = f"""
WITH {schools_sql},
w AS (
  SELECT CAST(census_year AS INTEGER) AS y, person_id AS p,
         CAST(school_urn AS BIGINT) AS urn,
         CASE lower(trim(role)) WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END AS rk
  FROM read_csv('{workforce}', all_varchar = true)
),
one AS (
  SELECT y, p, k // 1000000000 AS rk, k % 1000000000 AS urn
  FROM (SELECT y, p, min(rk * 1000000000 + urn) AS k FROM w GROUP BY y, p)
),
t AS (
  SELECT a.y, a.urn, a.rk,
    CASE WHEN b.p IS NULL THEN 4 WHEN b.rk = a.rk AND b.urn = a.urn THEN 0
         WHEN b.rk = a.rk THEN 1 WHEN b.rk < a.rk THEN 2 ELSE 3 END AS tr
  FROM one a LEFT JOIN one b ON b.p = a.p AND b.y = a.y + 1
  WHERE a.y + 1 IN (SELECT DISTINCT y FROM one)
),
ts AS (SELECT t.*, s.phase, s.country, s.region FROM t JOIN s USING (urn) WHERE s.phase IS NOT NULL),
retention AS (
  SELECT y, 'K04000001' AS country, NULL AS region, phase, rk, count(*) AS leaders,
         count_if(tr = 0) AS stayed, count_if(tr = 1) AS moved, count_if(tr = 2) AS promoted,
         count_if(tr = 3) AS other, count_if(tr = 4) AS left_
  FROM ts GROUP BY y, CUBE (phase, rk)
  UNION ALL
  SELECT y, country, NULL, phase, rk, count(*), count_if(tr = 0), count_if(tr = 1),
         count_if(tr = 2), count_if(tr = 3), count_if(tr = 4)
  FROM ts GROUP BY y, country, CUBE (phase, rk)
  UNION ALL
  SELECT y, 'E92000001', region, phase, rk, count(*), count_if(tr = 0), count_if(tr = 1),
         count_if(tr = 2), count_if(tr = 3), count_if(tr = 4)
  FROM ts WHERE region IS NOT NULL GROUP BY y, region, CUBE (phase, rk)
),
nh AS (
  SELECT a.y, a.p, a.urn FROM one a
  LEFT JOIN one b ON b.p = a.p AND b.y = a.y - 1 AND b.rk = 0 AND b.urn = a.urn
  WHERE a.rk = 0 AND b.p IS NULL AND a.y - 1 IN (SELECT DISTINCT y FROM one)
),
nhs AS (SELECT nh.*, s.phase, s.country FROM nh JOIN s USING (urn) WHERE s.phase IS NOT NULL),
survival AS (
  SELECT nhs.y, r.k, nhs.phase, count(*) AS new_heads, count(c.p) AS still
  FROM nhs CROSS JOIN range(1, 6) AS r(k)
  LEFT JOIN one c ON c.p = nhs.p AND c.y = nhs.y + r.k AND c.rk = 0 AND c.urn = nhs.urn
  WHERE nhs.y + r.k IN (SELECT DISTINCT y FROM one)
  GROUP BY nhs.y, r.k, CUBE (nhs.phase)
)
SELECT 'retention' AS what, y, country, phase, rk, leaders, stayed + moved AS retained
FROM retention
UNION ALL
SELECT 'survival', y, NULL, phase, k, new_heads, still FROM survival
ORDER BY ALL
"""
    out = con.execute(panel_sql).fetchall()
    ret = [r for r in out if r[0] == "retention"]
    last_t = max(r[1] for r in ret)
    heads = [r for r in ret if r[1] == last_t and r[2] == "K04000001" and r[4] == 0 and r[3] is not None]
    print(f"duckdb: {len(ret)} retention cells, {len(out) - len(ret)} survival cells; {last_t} head teachers retained in role: "
          + ", ".join(f"{r[3]} {100 * r[6] / r[5]:.1f}" for r in sorted(heads)))
os.unlink(tmp.name)
