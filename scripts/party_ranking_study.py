"""How well the argument model ranks a claim's candidate parties: pointwise logistic (as
`newsledger train` fits it) against a softmax over one claim's candidates plus 'nobody'.

    PYTHONPATH=src python scripts/party_ranking_study.py collect /tmp/parties.pkl
    PYTHONPATH=src python scripts/party_ranking_study.py compare /tmp/parties.pkl

`collect` runs the extractor (committed models) over the train and dev splits with every
candidate kept and stores, for each candidate that matches a gold claim, its party rows.
`compare` fits both models on train and prints slot accuracy of actor and recipient on dev
(empty gold slots count, as in training.party_accuracy), with the reachable ceiling (the gold
party among the candidates, or an empty gold slot). Train and dev only: never the test split.
"""
from __future__ import annotations

import argparse
import pickle
import types
from collections import Counter
from pathlib import Path

import numpy as np

from newsledger import training as T
from newsledger.extract import arguments, learned

ROOT = Path(__file__).resolve().parents[1]


def collect(out: Path) -> None:
    from newsledger.analyze.entities import EntityResolver
    from newsledger.extract.claims import ClaimExtractor
    from newsledger.extract.ontology import Ontology
    examples = T.corpus_examples(["train", "dev"], ROOT / "annotations", ROOT.parent / "shared")
    extractor = ClaimExtractor(Ontology.default(), EntityResolver.default())
    models = learned.default_models()
    items = []
    for group in ("train", "dev"):
        chosen = [e for e in examples if e.group == group]
        for n, claim in T.collect_candidates(chosen, extractor, lambda i: models):
            rows = getattr(claim, "_parties", None)
            gold = T.matched_gold(claim, chosen[n].gold, chosen[n].document.text) if rows else None
            if gold is not None:
                items.append({"group": group, "file": chosen[n].gold["file"], "kind": claim.kind, "rows": rows,
                              "rule": getattr(claim, "_rule_parties", (claim.actor, claim.recipient)), "gold": gold})
    out.write_bytes(pickle.dumps(items))
    print(f"{len(items)} matched candidates -> {out}")


class _Scorer:
    def __init__(self, model):
        self.model = model

    def argument_score(self, features):
        return self.model.probabilities(learned.indices(features))["right"]


def _as_candidates(items):
    examples = [types.SimpleNamespace(gold={"file": it["file"]}) for it in items]
    claims = [(n, types.SimpleNamespace(_matched=it["gold"], _parties=it["rows"], kind=it["kind"],
                                        _rule_parties=it["rule"], actor=it["rule"][0], recipient=it["rule"][1]))
              for n, it in enumerate(items)]
    return examples, claims


def _pairs(items):
    features, labels = [], []
    for it in items:
        for role in arguments.ROLES:
            scored, wanted = T.gold_party(it["gold"], role)
            if scored:
                for row in it["rows"]:
                    features.append(row.features[role])
                    labels.append(int(wanted is not None and T.entity_matches(row.entity.to_dict(), wanted)))
    return features, labels


def pointwise(train, dev, c=T.ARGUMENT_C) -> dict:
    """The committed recipe: logistic over (party, role) pairs, thresholds chosen out of fold."""
    model = _Scorer(T.train_scorer(*_pairs(train), c=c))
    folds = [T._fold_of(it["file"]) for it in train]
    fold_models = {f: _Scorer(T.train_scorer(*_pairs([it for it, k in zip(train, folds) if k != f]), c=c))
                   for f in range(T.FOLDS)}
    examples, claims = _as_candidates(train)
    thresholds = T.choose_argument_thresholds(examples, claims, lambda i: fold_models[folds[i]])
    examples, claims = _as_candidates(dev)
    return T.party_accuracy(examples, claims, lambda i: model, thresholds)


def _none_features(role, kind):
    return [f"{role}|NONE", f"{role}|{kind}|NONE"]


def _options(it, role):
    return [learned.indices(r.features[role]) for r in it["rows"]] + [learned.indices(_none_features(role, it["kind"]))]


def fit_softmax(items, role, lam):
    from scipy.optimize import minimize
    groups = []
    for it in items:
        scored, wanted = T.gold_party(it["gold"], role)
        if not scored:
            continue
        gold = [len(it["rows"])] if wanted is None else \
            [n for n, r in enumerate(it["rows"]) if T.entity_matches(r.entity.to_dict(), wanted)]
        if gold:   # a gold party no candidate reaches teaches nothing about ranking
            groups.append((_options(it, role), gold))
    X = T._matrix([x for options, _ in groups for x in options]).tocsr()
    sizes = np.array([len(options) for options, _ in groups])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    segment = np.repeat(np.arange(len(groups)), sizes)
    right = np.zeros(X.shape[0])
    for k, (_, gold) in enumerate(groups):
        right[starts[k] + np.array(gold)] = 1

    def loss_and_grad(w):
        s = X @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[segment])
        z, zr = np.add.reduceat(e, starts), np.add.reduceat(e * right, starts)
        loss = -np.sum(np.log(zr / z + 1e-300)) + lam / 2 * w @ w
        return loss, X.T @ (e / z[segment] - e * right / zr[segment]) + lam * w

    return minimize(loss_and_grad, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 300}).x


def softmax_accuracy(weights, items) -> dict:
    right, total = Counter(), Counter()
    for it in items:
        rows = it["rows"]
        scores = {role: [float(sum(weights[role][i] for i in f)) for f in _options(it, role)] for role in arguments.ROLES}
        a = int(np.argmax(scores["actor"]))
        actor = rows[a].entity if a < len(rows) else None
        if actor is not None:
            scores["recipient"][a] = -np.inf
        r = int(np.argmax(scores["recipient"]))
        recipient = rows[r].entity if r < len(rows) else None
        if it["kind"] in arguments.SYMMETRIC and actor is None:
            actor, recipient = recipient, None
        for role, entity in (("actor", actor), ("recipient", recipient)):
            scored, wanted = T.gold_party(it["gold"], role)
            if scored:
                total[role] += 1
                right[role] += int(T.entity_matches(entity.to_dict() if entity else None, wanted))
    return {role: round(right[role] / total[role], 4) for role in total}


def ceiling(items) -> dict:
    reach, total = Counter(), Counter()
    for it in items:
        for role in arguments.ROLES:
            scored, wanted = T.gold_party(it["gold"], role)
            if scored:
                total[role] += 1
                reach[role] += int(wanted is None or any(T.entity_matches(r.entity.to_dict(), wanted) for r in it["rows"]))
    return {role: round(reach[role] / total[role], 4) for role in total}


def compare(path: Path, lams=(1.0, 3.0, 10.0)) -> None:
    items = pickle.loads(path.read_bytes())
    train = [it for it in items if it["group"] == "train"]
    dev = [it for it in items if it["group"] == "dev"]
    print(f"dev ceiling (gold party among the candidates, or empty gold): {ceiling(dev)}")
    print(f"pointwise logistic (C={T.ARGUMENT_C}): dev {pointwise(train, dev)}")
    for lam in lams:
        weights = {role: fit_softmax(train, role, lam) for role in arguments.ROLES}
        print(f"softmax over candidates (L2 {lam}): dev {softmax_accuracy(weights, dev)}  "
              f"train {softmax_accuracy(weights, train)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["collect", "compare"])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    collect(args.path) if args.step == "collect" else compare(args.path)


if __name__ == "__main__":
    main()
