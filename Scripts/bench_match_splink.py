#!/usr/bin/env python3
"""Splink 5 (DuckDB backend) on the records of an AssetMap database, with a standard configuration.

Reads the same normalised records `assetmap match` compares (so both tools see identical input),
trains Splink the way its tutorials do (deterministic-rule prior, u by random sampling, m by EM on
two blocking rules), predicts, clusters at a threshold and writes `entity_id,kind,source,source_key`
(the shape of `assetmap export --format links`).

    python3 Scripts/bench_match_splink.py DB OUT.csv [--threshold 0.9]
"""
import argparse
import sqlite3
import sys

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def load(db):
    con = sqlite3.connect(db)
    df = pd.read_sql_query(
        """
        SELECT r.id AS unique_id, r.kind, s.name AS source, r.source_key, r.name_match AS name,
               r.postcode, r.phone, r.email, r.website, r.charity_number, r.company_number,
               CASE WHEN r.location_precision IN ('exact', 'postcode') THEN r.lat END AS lat,
               CASE WHEN r.location_precision IN ('exact', 'postcode') THEN r.lon END AS lon,
               lower(json_extract(r.fields, '$.address')) AS address
        FROM record r JOIN source s ON s.id = r.source_id WHERE r.status = 'active'
        """,
        con,
    )
    con.close()
    # Splink's postcode comparison wants full units; districts alone stay as they are.
    return df


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("out")
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    df = load(args.db)
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("kind", "postcode"),
            block_on("kind", "phone"),
            block_on("kind", "email"),
            block_on("kind", "name"),
            block_on("kind", "charity_number"),
            block_on("kind", "substr(name, 1, 6)", "substr(postcode, 1, 3)"),
        ],
        comparisons=[
            cl.NameComparison("name").configure(term_frequency_adjustments=True),
            cl.PostcodeComparison("postcode"),
            cl.DistanceInKMAtThresholds("lat", "lon", [0.05, 0.25, 1.0]),
            cl.LevenshteinAtThresholds("address", [2, 6]),
            cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
            cl.ExactMatch("website"),
            cl.ExactMatch("charity_number"),
            cl.ExactMatch("company_number"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(df), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("kind", "charity_number"), block_on("kind", "name", "postcode")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("kind", "postcode"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("kind", "name"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, args.threshold).as_pandas_dataframe()
    clusters = clusters[["cluster_id", "kind", "source", "source_key"]].rename(columns={"cluster_id": "entity_id"})
    clusters.to_csv(args.out, index=False)
    print(f"splink: {len(df)} records, {clusters['entity_id'].nunique()} clusters", file=sys.stderr)


if __name__ == "__main__":
    main()
