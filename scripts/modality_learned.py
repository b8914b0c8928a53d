#!/usr/bin/env python3
"""The learned reading of modality measured against the rules, on the annotated corpus.

    .venv/bin/python scripts/modality_report.py --split train --loose --save-features train.jsonl
    .venv/bin/python scripts/modality_report.py --split dev --loose --save-features dev.jsonl
    .venv/bin/python scripts/modality_learned.py train.jsonl dev.jsonl

Trains a multinomial logistic regression (numpy, L2, full-batch gradient descent) over the
parse features `modality.features` gives each trigger (the rule reading among them) on the
train pairs, and prints, on the dev pairs, the share whose modality is an accepted gold value
for the rules and for the model. The target of a train pair is the rule reading where the
gold accepts it, else the first gold value. The model ships only where it measures better
than the rules; the figures of the last run are in docs/modality.md.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger.extract.modality import MODALITIES  # noqa: E402


def load(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: not JSON: {exc}") from None
    if not rows:
        raise SystemExit(f"{path}: no pairs (write it with scripts/modality_report.py --save-features)")
    return rows


def target(row: dict) -> str:
    return row["predicted"] if row["predicted"] in row["gold"] else row["gold"][0]


def fit(x: np.ndarray, y: np.ndarray, classes: int, l2: float, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    weights = np.zeros((x.shape[1], classes))
    onehot = np.eye(classes)[y]
    for _ in range(steps):
        logits = x @ weights
        logits -= logits.max(axis=1, keepdims=True)
        prob = np.exp(logits)
        prob /= prob.sum(axis=1, keepdims=True)
        weights -= rate * (x.T @ (prob - onehot) / len(x) + l2 * weights)
    return weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("dev", type=Path)
    args = parser.parse_args()
    train, dev = load(args.train), load(args.dev)
    names = sorted({name for row in train for name in row["features"]})
    column = {name: i for i, name in enumerate(names)}

    def matrix(rows: list[dict]) -> np.ndarray:
        out = np.zeros((len(rows), len(names) + 1))
        out[:, -1] = 1.0   # bias
        for i, row in enumerate(rows):
            for name, value in row["features"].items():
                if name in column:
                    out[i, column[name]] = value
        return out

    x_train, x_dev = matrix(train), matrix(dev)
    y_train = np.array([MODALITIES.index(target(row)) for row in train])
    strict = [i for i, row in enumerate(dev) if row["how"] == "strict"]
    rules = sum(dev[i]["predicted"] in dev[i]["gold"] for i in strict) / len(strict)
    print(f"train pairs {len(train)}, features {len(names)}; dev strict pairs {len(strict)}")
    print(f"rules    dev strict accuracy {rules:.3f}")
    for l2 in (0.001, 0.01, 0.03, 0.1):
        weights = fit(x_train, y_train, len(MODALITIES), l2)
        predicted = (x_dev @ weights).argmax(axis=1)
        learned = sum(MODALITIES[predicted[i]] in dev[i]["gold"] for i in strict) / len(strict)
        print(f"learned  dev strict accuracy {learned:.3f}  (L2 {l2})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
