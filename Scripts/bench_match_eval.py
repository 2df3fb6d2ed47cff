#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of a links file against a generator's gold.csv.

Both files name records by (source, source_key); gold has `source,source_key,entity_id`, links has
`entity_id,kind,source,source_key` (the shape of `assetmap export --format links`). A pair is a
pair of records in one cluster; precision = correct predicted pairs / predicted pairs.

    python3 Scripts/bench_match_eval.py GOLD.csv LINKS.csv    → prints one JSON line
"""
import csv
import json
import sys
from collections import defaultdict


def clusters(path, entity="entity_id"):
    groups = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            groups[row[entity]].append((row["source"], row["source_key"]))
    return groups


def pairs(groups):
    out = set()
    for members in groups.values():
        members = sorted(members)
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                out.add((members[i], members[j]))
    return out


def main():
    gold = pairs(clusters(sys.argv[1]))
    predicted = pairs(clusters(sys.argv[2]))
    tp = len(gold & predicted)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(json.dumps({"gold_pairs": len(gold), "predicted_pairs": len(predicted), "true_positives": tp,
                      "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}))


if __name__ == "__main__":
    main()
