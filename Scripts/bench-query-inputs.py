#!/usr/bin/env python3
"""Helper of Scripts/bench-query: picks varied query inputs from a loaded database and writes them twice:
as a TSV for `assetmap benchmark queries`, and as the same queries hand-written in SQL (the floor), one file
per kind, for the sqlite3 shell with mod_spatialite.

  bench-query-inputs.py DB OUTDIR [N] [SEED]
"""
import math
import random
import re
import sqlite3
import sys

db, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

postcodes = con.execute("SELECT lat, lon FROM postcode").fetchall()
names = [r[0] for r in con.execute("SELECT name FROM entity_view WHERE min_level = 0 ORDER BY id").fetchall()]
words = sorted({w.lower() for name in names[:: max(1, len(names) // 20000)] for w in re.findall(r"[A-Za-z]{4,}", name)})
pairs = con.execute("""
    SELECT DISTINCT ec.category, a.code FROM entity_category ec JOIN entity_area ea ON ea.view_id = ec.view_id
    JOIN area a ON a.id = ea.area_id JOIN entity_view v ON v.id = ec.view_id
    WHERE a.layer = 'ward' AND v.min_level = 0""").fetchall()
wards = [r[0] for r in con.execute("SELECT code FROM area WHERE layer = 'ward'")]
localities = [r[0] for r in con.execute("SELECT code FROM area WHERE layer = 'locality'")]

def q(s):
    return "'" + s.replace("'", "''") + "'"

def planar(lat, lon, col_lat="v.lat", col_lon="v.lon"):
    s = math.cos(lat * math.pi / 180)
    return f"(({col_lon} - ({lon!r})) * {s!r}) * (({col_lon} - ({lon!r})) * {s!r}) + ({col_lat} - ({lat!r})) * ({col_lat} - ({lat!r}))"

LEVEL = "v.min_level <= 0 AND v.max_level >= 0"
# Search's filters and sort keys come from the narrow index beside the wide rows (schema v5-search-filter), as in
# `Store.search`; the planner would otherwise look each row up in the table.
# What a page of results shows (the columns `assetmap search` returns), read for the page's rows only.
HIT = ("v.entity_id, v.kind, v.name, v.categories, v.address, v.postcode, v.lat, v.lon, v.location_precision, v.areas, "
       "v.sources, v.phone, v.email, v.website, v.opening_hours, v.description")
FTS = "SELECT rowid, bm25(entity_fts, 10.0, 6.0, 4.0, 1.0, 1.5) AS rank FROM entity_fts WHERE entity_fts MATCH {m}"

tsv, sql = [], {k: [] for k in ["text", "near", "textnear", "catarea", "profile", "colocate", "colocate_all"]}

for _ in range(n):
    w = rng.choice(words)
    tsv.append(f"text\t{w}")
    sql["text"].append(
        f"SELECT {HIT}, p.total FROM (SELECT v.id, f.rank, count(*) OVER () AS total FROM ({FTS.format(m=q(chr(34) + w + chr(34) + '*'))}) f "
        f"JOIN entity_view v INDEXED BY entity_view_filter ON v.id = f.rowid WHERE {LEVEL} ORDER BY f.rank, v.id LIMIT 20) p CROSS JOIN entity_view v ON v.id = p.id;")

for _ in range(n):
    lat, lon = rng.choice(postcodes)
    r = rng.choice([500.0, 1000.0, 2000.0])
    s = math.cos(lat * math.pi / 180)
    dlat, dlon = r / 111320 * 1.01, r / (111320 * s) * 1.01
    tsv.append(f"near\t{lat!r}\t{lon!r}\t{r!r}")
    sql["near"].append(
        f"SELECT {HIT}, ST_Distance(v.geom, MakePoint({lon!r}, {lat!r}, 4326), 1), p.total FROM ("
        f"SELECT v.id, count(*) OVER () AS total FROM entity_view v INDEXED BY entity_view_filter "
        f"WHERE v.id IN (SELECT pkid FROM idx_entity_view_geom WHERE xmax >= {lon - dlon!r} AND xmin <= {lon + dlon!r} AND ymax >= {lat - dlat!r} AND ymin <= {lat + dlat!r}) "
        f"AND {LEVEL} AND {planar(lat, lon)} <= {(r / 111320) ** 2 * 1.0001!r} ORDER BY {planar(lat, lon)}, v.id LIMIT 20) p "
        f"CROSS JOIN entity_view v ON v.id = p.id;")

for _ in range(n):
    w = rng.choice(words)
    lat, lon = rng.choice(postcodes)
    tsv.append(f"textnear\t{w}\t{lat!r}\t{lon!r}")
    sql["textnear"].append(
        f"SELECT {HIT}, ST_Distance(v.geom, MakePoint({lon!r}, {lat!r}, 4326), 1), p.total FROM ("
        f"SELECT v.id, count(*) OVER () AS total FROM ({FTS.format(m=q(chr(34) + w + chr(34) + '*'))}) f "
        f"JOIN entity_view v INDEXED BY entity_view_filter ON v.id = f.rowid WHERE {LEVEL} AND v.lat IS NOT NULL ORDER BY {planar(lat, lon)}, v.id LIMIT 20) p "
        f"CROSS JOIN entity_view v ON v.id = p.id;")

for _ in range(n):
    c, a = rng.choice(pairs)
    tsv.append(f"catarea\t{c}\t{a}")
    sql["catarea"].append(
        f"SELECT {HIT}, p.total FROM (SELECT v.id, count(*) OVER () AS total FROM entity_view v "
        f"WHERE v.id IN (SELECT ea.view_id FROM entity_area ea WHERE ea.area_id IN (SELECT id FROM area WHERE code = {q(a)}) "
        f"AND EXISTS (SELECT 1 FROM entity_category ec WHERE ec.category = {q(c)} AND ec.view_id = ea.view_id)) "
        f"AND {LEVEL} ORDER BY v.name COLLATE NOCASE, v.id LIMIT 20) p CROSS JOIN entity_view v ON v.id = p.id;")

for _ in range(max(50, n // 5)):
    a = rng.choice(wards)
    tsv.append(f"profile\t{a}")
    sql["profile"].append(
        f"WITH e AS MATERIALIZED (SELECT v.id, v.entity_id, v.kind, v.name, v.categories, v.sources FROM entity_view v "
        f"JOIN entity_area ea ON ea.view_id = v.id WHERE ea.area_id = (SELECT id FROM area WHERE code = {q(a)}) AND {LEVEL}) "
        f"SELECT (SELECT json_group_array(json_array(entity_id, name, kind, categories)) FROM e), "
        f"(SELECT json_group_object(kind, n) FROM (SELECT kind, count(*) AS n FROM e GROUP BY kind)), "
        f"(SELECT json_group_object(category, n) FROM (SELECT ec.category, count(*) AS n FROM e JOIN entity_category ec ON ec.view_id = e.id GROUP BY ec.category)), "
        f"(SELECT json_group_object(value, n) FROM (SELECT j.value, count(*) AS n FROM e, json_each('[\"' || replace(e.sources, ';', '\",\"') || '\"]') j GROUP BY j.value)), "
        f"(SELECT population FROM area WHERE code = {q(a)});")

def colocate_sql(area, within=400.0, lat0=53.4):
    """Pairs of precisely placed partner buildings of different owners within walking distance (R*Tree self-join)."""
    dlat = within / 111320
    dlon = within / (111320 * math.cos(lat0 * math.pi / 180))
    s = math.cos(lat0 * math.pi / 180)
    def inside(t):
        return f"AND {t}.id IN (SELECT view_id FROM entity_area WHERE area_id = (SELECT id FROM area WHERE code = {q(area)}))" if area else ""
    def estate(t):
        return (f"{t}.kind = 'place' AND {t}.owner IS NOT NULL AND {t}.min_level <= 2 AND {t}.max_level >= 2 AND {t}.lat IS NOT NULL "
                f"AND {t}.location_precision IN ('exact', 'postcode') {inside(t)}")
    src = (f"(SELECT view_id FROM entity_area WHERE area_id = (SELECT id FROM area WHERE code = {q(area)})) ea CROSS JOIN entity_view a ON a.id = ea.view_id"
           if area else "entity_view a")
    return (
        f"SELECT count(*) FROM {src} CROSS JOIN idx_entity_view_geom r ON r.xmin <= a.lon + {dlon!r} AND r.xmax >= a.lon - {dlon!r} "
        f"AND r.ymin <= a.lat + {dlat!r} AND r.ymax >= a.lat - {dlat!r} CROSS JOIN entity_view b ON b.id = r.pkid "
        f"WHERE {estate('a')} AND {estate('b')} AND b.id > a.id AND b.owner <> a.owner "
        f"AND ((b.lon - a.lon) * {s!r}) * ((b.lon - a.lon) * {s!r}) + (b.lat - a.lat) * (b.lat - a.lat) <= {dlat * dlat!r};")

for _ in range(max(50, n // 5)):
    a = rng.choice(localities)
    tsv.append(f"colocate\t{a}\t400")
    sql["colocate"].append(colocate_sql(a))
for _ in range(int(sys.argv[5]) if len(sys.argv) > 5 else 20):
    tsv.append("colocate_all\t-\t400")
    sql["colocate_all"].append(colocate_sql(None))

with open(f"{out}/inputs.tsv", "w") as f:
    f.write("\n".join(tsv) + "\n")
for kind, statements in sql.items():
    with open(f"{out}/floor-{kind}.sql", "w") as f:
        f.write(".load mod_spatialite\n.timer on\n")
        f.write("\n".join(statements) + "\n")
print(f"{len(tsv)} queries; {len(words)} words, {len(postcodes)} postcodes, {len(pairs)} category/ward pairs, {len(localities)} localities")
