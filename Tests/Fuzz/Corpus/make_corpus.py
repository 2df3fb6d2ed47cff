#!/usr/bin/env python3
"""Writes the hostile-input corpus next to this script. Run it again after changing it; the files are checked in.

Names say what a parser must do with the file: `ok-` reads without error, `err-` fails with a typed error
(naming its line, for CSV), `any-` may do either but must not crash or hang.
"""
import json, os

here = os.path.dirname(os.path.abspath(__file__))

def put(folder, name, data):
    os.makedirs(os.path.join(here, folder), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(here, folder, name), "wb") as f:
        f.write(data)

BOM = b"\xef\xbb\xbf"
HEADER = "id,name,address,postcode,lat,lon\n"

# --- CSV -------------------------------------------------------------------------------------------------------
csv = {
    "ok-bom-header.csv": BOM + b"id,name,postcode\n1,Sale Library,M33 7ZF\n",
    "ok-crlf.csv": HEADER.replace("\n", "\r\n") + "1,A,1 Road,M33 7AB,53.4,-2.3\r\n2,B,,WA14 1AA,,\r\n",
    "ok-cr-only.csv": HEADER.replace("\n", "\r") + "1,A,1 Road,M33 7AB,53.4,-2.3\r2,B,,WA14 1AA,,\r",
    "ok-mixed-line-ends.csv": "id,name\r\n1,A\n2,B\r3,C\r\n",
    "ok-header-only.csv": HEADER,
    "ok-header-no-newline.csv": HEADER.rstrip("\n"),
    "ok-blank-lines.csv": HEADER + "\n\n1,A,,,,\n\n\n2,B,,,,\n\n",
    "ok-ragged-rows.csv": HEADER + "1\n2,B\n3,C,x,y,z,w,extra,more,cells\n,,,,,\n",
    "err-delimiters-only.csv": ",,,,,\n,,,,,\n,,,,,\n",
    "ok-quoted-newlines.csv": HEADER + '1,"Multi\nline\nname","1 Road\r\nSale",M33 7AB,,\n2,"""Quoted""",,,,\n',
    "ok-quote-in-unquoted-field.csv": HEADER + '1,Joe"s "Cafe",a"b,M33 7AB,,\n',
    "ok-numbers.csv": HEADER + "1,Inf,,M33 7AB,1e999,-1e999\n2,NaN,,,NaN,nan\n3,Neg zero,,,-0,-0.0\n4,Huge,,,"
        + "9" * 400 + ",0x1p3\n5,Lat 91,,,91,181\n6,Comma decimal,,,\"53,4\",\"-2,3\"\n",
    "ok-sql-and-fts.csv": HEADER + "1,'; DROP TABLE record; --,\"a\"\" OR 1=1 --\",M33 7AB,,\n"
        + "2,\"NEAR(library food, 2)\",name:x,,,\n3,\"* ^ AND OR NOT \"\"\",%_%,,,\n4,=HYPERLINK(\"\"http://x\"\"),@SUM(1),,,\n",
    "ok-unicode.csv": HEADER + "1,Café Ünïcode 👩‍👩‍👧 🇬🇧,\u202eevil\u202c,M33 7AB,,\n2,e\u0301\u0301\u0301 ﬁ İ,\u200b\u2028\u2029,,,\n"
        + "3,\",\u0301\",\"\"\"\u0301\",,,\n",
    "ok-bom-in-middle.csv": "id,name\n1,\ufeffStarts with BOM\n2,Ends with BOM\ufeff\n\ufeff3,Row starts with BOM\n",
    "ok-bom-in-header-cell.csv": "id,\ufeffname\n1,A\n",
    "ok-nul-bytes.csv": b"id,name\n1,A\x00B\n2,\x00\x00\x00\n3,\"quoted\x00nul\"\n",
    "ok-control-chars.csv": "id,name\n1,\x01\x02\x1b[31mred\x1b[0m\x7f\n2,\x1e\x1f\n",
    "ok-huge-field.csv": "id,name,description\n1,Big,\"" + ("x\"\"," * 20_000) + "\"\n2,After,small\n",
    "ok-10k-columns.csv": ",".join(["name"] + ["c%d" % i for i in range(9_999)]) + "\n"
        + "\n".join(",".join(["row%d" % r] + [str(i) for i in range(9_999)]) for r in range(3)) + "\n",
    "ok-long-line-no-newline.csv": "id,name\n1," + "y" * 400_000,
    "ok-duplicate-headers.csv": "name,name,NAME, name \n1,2,3,4\n",
    "ok-tab-in-fields.csv": "id,name\n1,\ta\tb\t\n",
    "err-empty.csv": b"",
    "err-only-bom.csv": BOM,
    "err-blank-header.csv": " , ,\n1,2,3\n",
    "err-newlines-only.csv": "\n\n\n",
    "err-invalid-utf8-row3.csv": b"id,name\n1,A\n2,B\xc3\x28C\n3,D\n",
    "err-invalid-utf8-header.csv": b"id,n\xffame\n1,A\n",
    "err-overlong-utf8.csv": b"id,name\n1,\xc0\xaf\xe0\x80\xaf\n",
    "err-surrogate-utf8.csv": b"id,name\n1,\xed\xa0\x80\n",
    "err-latin1.csv": "id,name\n1,Caf\u00e9 na\u00efve\n".encode("latin-1"),
    "err-truncated-multibyte.csv": "id,name\n1,Caf\u00e9\n2,\U0001F469".encode("utf-8")[:-2],
    "any-utf16le-bom.csv": "id,name\n1,A\n".encode("utf-16"),
    "any-unterminated-quote.csv": HEADER + '1,"Never closed,1 Road,M33 7AB,,\n2,B,,,,\n3,C,,,,\n',
    "any-unterminated-quote-at-eof.csv": HEADER + '1,A,,,,"',
    "any-truncated-mid-row.csv": HEADER + "1,A,1 Ro",
    "any-quote-after-field.csv": HEADER + '1,"A"junk,,,,\n2,"B" ,,,,\n',
    "any-semicolon-delimited.csv": "id;name;postcode\n1;A;M33 7AB\n",
}
for name, data in csv.items():
    put("csv", name, data)

# --- GeoJSON / JSON ---------------------------------------------------------------------------------------------
def fc(features):
    return json.dumps({"type": "FeatureCollection", "features": features})

def feat(props, geom={"type": "Point", "coordinates": [-2.32, 53.42]}):
    return {"type": "Feature", "geometry": geom, "properties": props}

valid = fc([feat({"name": "Sale Library", "postcode": "M33 7ZF"}), feat({"name": "Hall"}, None)])
geo = {
    "ok-minimal.geojson": valid,
    "ok-bom.geojson": BOM + valid.encode(),
    "ok-null-geometry.geojson": fc([feat({"name": "Nowhere"}, None)]),
    "ok-no-properties.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}',
    "ok-empty-collection.geojson": '{"type":"FeatureCollection","features":[]}',
    "ok-odd-geometries.geojson": fc([
        feat({"name": "Line"}, {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
        feat({"name": "Empty poly"}, {"type": "Polygon", "coordinates": []}),
        feat({"name": "No coords"}, {"type": "Point"}),
        feat({"name": "String coords"}, {"type": "Point", "coordinates": ["a", "b"]}),
        feat({"name": "Lat 91"}, {"type": "Point", "coordinates": [0, 91]}),
        feat({"name": "3D"}, {"type": "Point", "coordinates": [-2.3, 53.4, 100, 7]}),
        feat({"name": "Collection"}, {"type": "GeometryCollection", "geometries": []}),
        feat({"name": "Geometry not object"}, "Point"),
    ]),
    "ok-nested-properties.geojson": fc([feat({"name": "N", "address": {"line1": "1 Road", "postcode": {"full": "M33 7AB", "x": [1, {"y": 2}]}}})]),
    "ok-property-types.geojson": fc([feat({"name": 7, "a": True, "b": None, "c": [1, 2], "d": {}, "e": 1.5, "f": -0.0, "g": 1e300, "h": 12345678901234567890})]),
    "ok-unicode-keys.geojson": fc([feat({"näme": "x", "👩‍👩‍👧": "family", "": "empty key", "a.b": "dotted", "\u202e": "rtl"})]),
    "ok-nul-escape.geojson": fc([feat({"name": "A\u0000B", "x": "\u0000"})]),
    "ok-huge-property.geojson": fc([feat({"name": "Big", "description": "é\"\\" * 80_000})]),
    "ok-10k-properties.geojson": fc([feat(dict([("name", "Wide")] + [("p%d" % i, i) for i in range(10_000)]))]),
    "ok-array-of-objects.json": json.dumps([{"name": "A", "postcode": "M33 7AB"}, {"name": "B", "address": {"postcode": "WA14 1AA"}}]),
    "ok-data-wrapper.json": json.dumps({"data": [{"name": "A"}], "meta": {"total": 1}}),
    "ok-sql-and-fts.geojson": fc([feat({"name": "'; DROP TABLE entity; --"}), feat({"name": "NEAR(\"a\" b) * ^ name:x"})]),
    "any-duplicate-keys.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"A","name":"B"}}],"features":[]}',
    "any-1e999.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,-1e999]},"properties":{"name":"Inf","n":1e999,"m":-1e-999}}]}',
    "any-big-integers.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"Big","n":123456789012345678901234567890123456789}}]}',
    "any-deep-nesting-objects.json": '[{"name":"deep","x":' + '{"a":' * 20_000 + '1' + '}' * 20_000 + '}]',
    "any-deep-nesting-arrays.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":' + '[' * 20_000 + ']' * 20_000 + '},"properties":{"name":"x"}}]}',
    "any-deep-properties.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"x","p":' + '{"a":' * 400 + '1' + '}' * 400 + '}}]}',
    "any-invalid-utf8-in-string.geojson": b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"A\xff\xfeB"}}]}',
    "any-lone-surrogate-escape.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"\\ud800x"}}]}',
    "any-trailing-garbage.geojson": valid + "\n}}]] trailing",
    "any-bom-in-middle.geojson": valid[:40] + "\ufeff" + valid[40:],
    "err-empty.geojson": b"",
    "err-whitespace.geojson": " \n\t\r ",
    "err-only-bom.geojson": BOM,
    "err-truncated.geojson": valid[: len(valid) // 2],
    "err-truncated-in-string.geojson": valid[: valid.index("Sale") + 2],
    "err-nan-literal.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,Infinity]},"properties":{"name":"x"}}]}',
    "err-not-geojson.geojson": '"hello"',
    "err-number.geojson": "1e999",
    "err-null.geojson": "null",
    "err-features-not-array.geojson": '{"type":"FeatureCollection","features":{"0":{}}}',
    "err-features-mixed.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature"},7,"x"]}',
    "err-array-of-numbers.json": "[1,2,3]",
    "err-single-quotes.geojson": "{'type':'FeatureCollection','features':[]}",
    "err-comments.geojson": '// comment\n{"type":"FeatureCollection","features":[]}',
    "err-cr-only-truncated.geojson": valid.replace(",", ",\r")[:60],
    "err-latin1.json": '[{"name":"Caf\u00e9"}]'.encode("latin-1"),
}
for name, data in geo.items():
    put("geojson", name, data)

# --- profiles ---------------------------------------------------------------------------------------------------
good = {"source": {"name": "corpus-list", "sharing": "open", "trust": 0.5}, "kind": "organisation", "key": "id",
        "fields": {"name": "name", "address": ["line1", "line2"], "town": {"template": "{Town} {County}"}}}
def profile(**changes):
    p = json.loads(json.dumps(good))
    for k, v in changes.items():
        if v is None:
            p.pop(k, None)
        else:
            p[k] = v
    return json.dumps(p)

profiles = {
    "ok-minimal.json": profile(),
    "ok-bom.json": BOM + profile().encode(),
    "ok-unicode-columns.json": profile(fields={"name": "näme 👩‍👩‍👧", "description": "\u202ertl", "phone": "'; DROP TABLE x; --"}),
    "ok-source-as-string.json": profile(source="corpus-list"),
    "ok-huge-description.json": profile(description="x" * 300_000),
    "ok-nul-in-column.json": profile(fields={"name": "a\u0000b"}),
    "err-empty.json": b"",
    "err-only-bom.json": BOM,
    "err-truncated.json": profile()[:40],
    "err-not-object.json": "[]",
    "err-null.json": "null",
    "err-unknown-key.json": profile(colour="blue"),
    "err-unknown-field.json": profile(fields={"name": "n", "nmae": "x"}),
    "err-name-missing.json": profile(fields={"address": "a"}),
    "err-name-empty.json": profile(fields={"name": ""}),
    "err-name-number.json": profile(fields={"name": 7}),
    "err-name-list-of-numbers.json": profile(fields={"name": [1, 2]}),
    "err-template-without-placeholder.json": profile(fields={"name": {"template": "no braces"}}),
    "err-source-name-traversal.json": profile(source={"name": "../../etc/passwd"}),
    "err-source-name-nul.json": profile(source={"name": "a\u0000b"}),
    "err-source-name-sql.json": profile(source={"name": "x'; DROP TABLE source; --"}),
    "err-source-name-missing.json": profile(source={"title": "t"}),
    "err-trust-above-one.json": profile(source={"name": "corpus-list", "trust": 1.5}),
    "err-trust-string.json": profile(source={"name": "corpus-list", "trust": "high"}),
    "err-trust-1e999.json": profile(source={"name": "corpus-list"}).replace('"name": "corpus-list"', '"name": "corpus-list", "trust": 1e999'),
    "err-trust-nan.json": profile(source={"name": "corpus-list"}).replace('"name": "corpus-list"', '"name": "corpus-list", "trust": NaN'),
    "err-sharing-unknown.json": profile(source={"name": "corpus-list", "sharing": "secret"}),
    "err-as-of-not-a-date.json": profile(source={"name": "corpus-list", "as_of": "2024-02-30"}),
    "err-kind-unknown.json": profile(kind="thing"),
    "err-key-empty-list.json": profile(key=[]),
    "err-key-numbers.json": profile(key=[1, 2]),
    "err-set-not-object.json": profile(set=["a"]),
    "err-set-unknown-field.json": profile(set={"colour": "blue"}),
    "err-set-object-value.json": profile(set={"town": {"a": 1}}).replace('{"a": 1}', 'null'),
    "err-null-values-string.json": profile(null_values="NA"),
    "err-format-unknown.json": profile(format="xlsx"),
    "err-deep-nesting.json": '{"source":' + '{"a":' * 20_000 + '1' + '}' * 20_000 + '}',
    "err-invalid-utf8.json": profile().encode()[:20] + b"\xff\xfe" + profile().encode()[20:],
    "err-duplicate-keys-unknown.json": profile()[:-1] + ', "fields": 7}',
    "any-utf16.json": profile().encode("utf-16"),
    "any-trailing-comma.json": profile()[:-1] + ",}",
}
for name, data in profiles.items():
    put("profile", name, data)

# --- postcodes --------------------------------------------------------------------------------------------------
valid_postcodes = [
    ("m329af", "M32 9AF"), (" M32  9AF ", "M32 9AF"), ("M32-9AF", "M32 9AF"), ("wa141aa", "WA14 1AA"), ("EC1A 1BB", "EC1A 1BB"),
    ("ec1a1bb", "EC1A 1BB"), ("W1A 0AX", "W1A 0AX"), ("gir0aa", "GIR 0AA"), ("SW1W\u00a00NY", "SW1W 0NY"), ("m1 1ae", "M1 1AE"),
    ("B33 8TH", "B33 8TH"), ("CR2 6XH", "CR2 6XH"), ("DN55 1PT", "DN55 1PT"), ("(M33 7AB)", "M33 7AB"), ("M33.7AB", "M33 7AB"),
    ("\tM33\t7AB\t", "M33 7AB"), ("M 3 3 7 A B", "M33 7AB"), ("m33 7ab", "M33 7AB"), ("M33\u20137AB", "M33 7AB"),
    # Stray punctuation and control characters are separators by design (Normalise: "tolerates stray punctuation").
    ("../../M33 7AB", "M33 7AB"), ('"M33 7AB', "M33 7AB"), ("M33\u00007AB", "M33 7AB"),
]
put("postcode", "valid.txt", "\n".join(f"{a}\t=>\t{b}" for a, b in valid_postcodes) + "\n")
invalid_postcodes = [
    "M32 OXZ", "M32 9CI", "QQ1 1AA", "M33", "M33 7", "", "N/A", "M33 7ABC", "BF1 1AA", "GX11 1AA", "M33 7A", "33M 7AB",
    "M33 7AB M33 7AB", "M３３ ７ＡＢ", "М33 7АВ", "M33 7AB'; DROP TABLE postcode; --", "%4D33%207AB", "M33%207AB",
    "M33 7AB\u202e", "M33 7AB👩‍👩‍👧", "1e999", "NaN", "-0", "null", "\\x00", "M33*", "M* 7AB",
    "M33 7AB" * 200,
]
put("postcode", "invalid.txt", "\n".join(invalid_postcodes) + "\n")
nasty = b"\n".join([b"\xff\xfe", b"M33 \xc0\xaf7AB", b"\x00" * 64, BOM + b"M33 7AB", b"M33 7AB" + BOM, b"\xed\xa0\x80", b"\r\r\r",
                    b"M" * 20_000, "🇬🇧".encode() * 1000, b"\xe2\x80\xae" * 50])
put("postcode", "nasty.bin", nasty)
