"""Choose the learner of the claim scorer and the argument scorer by measurement (issue 14).

    PYTHONPATH=src .venv/bin/python scripts/learner_study.py dump /tmp/l28dump   # once: 6-15 min (three extractor passes)
    PYTHONPATH=src .venv/bin/python scripts/learner_study.py compare /tmp/l28dump [claims|parties]  # logistic: seconds; trees: minutes

`dump` runs what `newsledger train` collects, by training.py's own functions and in its
order (sentence and document models per fold, anchor words per fold, candidates with the
out-of-fold models, the argument model per fold, candidates again), and writes:
- claims.jsonl: one line per candidate claim, train (out of fold) and dev (read with the
  models trained on all of train, articles under the document gate left out):
  group, fold, kind, learned, features (strings, numbers "name:=value" included), label;
- parties.jsonl: one line per (candidate that matches a gold claim, role): the gold says
  who fills it or that nobody does; its rows (features, right, in the sentence, the rules'
  pick) so that a learner can be scored on the share of roles filled right.
`compare` fits each learner on train and scores it out of fold on train (the same 5 folds
by article) and on dev. The test split is never read.
"""
from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------- dump

def dump(out: Path) -> None:
    from newsledger import training
    from newsledger.evaluation import entity_matches
    from newsledger.extract import arguments
    from newsledger.extract.claims import ClaimExtractor
    from newsledger.extract.ontology import Ontology
    from newsledger.analyze.entities import EntityResolver

    log = training._log
    shared = Path("/work/shared")
    examples = training.corpus_examples(["train", "dev"], ROOT / "annotations", shared)
    train_set = [e for e in examples if e.group == "train"]
    dev_set = [e for e in examples if e.group == "dev"]
    extractor = ClaimExtractor(Ontology.default(), EntityResolver.default())
    kinds = list(extractor.ontology.kinds)
    lexicon = training.mine_lexicon(shared / "corpora", kinds)
    rows = training.sentence_rows(train_set, extractor)
    folds = [training._fold_of(e.gold["file"]) for e in train_set]
    sentence_model = training.train_sentence_model(rows, kinds, lexicon=lexicon)
    fold_models = {f: training.train_sentence_model([r for r in rows if folds[r[0]] != f], kinds, lexicon=lexicon)
                   for f in range(training.FOLDS)}
    triggers, fold_triggers = training.mine_anchor_triggers(train_set, folds, extractor)
    document_model = training.train_document_model(train_set)
    fold_documents = {f: training.train_document_model([e for e, g in zip(train_set, folds) if g != f])
                      for f in range(training.FOLDS)}
    settings = {"gate_threshold": training.GATE_THRESHOLD, "candidate_threshold": training.CANDIDATE_THRESHOLD,
                "keep_threshold": 0.5, "usual_category": training._usual_categories(train_set),
                "figure_kinds": training._figure_kinds(train_set), "hash_bits": training.learned.HASH_BITS}

    def models(sentence, scorer=None, argument=None, document=None, fold=None):
        return training.ExtractorModels(sentence_kinds=sentence, claim_scorer=scorer or training._neutral_scorer(),
                                        settings=settings, folder=out, argument_scorer=argument, lexicon=lexicon,
                                        document_claims=document,
                                        anchor_triggers=triggers if fold is None else fold_triggers[fold])

    first = {f: models(m, document=fold_documents[f], fold=f) for f, m in fold_models.items()}
    candidates = training.collect_candidates(train_set, extractor, lambda i: first[folds[i]], log)
    party_features, party_labels = training.argument_examples(train_set, candidates)
    argument_model = training.train_scorer(party_features, party_labels, c=training.ARGUMENT_C)
    fold_arguments = {}
    for f in range(training.FOLDS):
        inside = [(n, c) for n, c in candidates if folds[n] != f]
        fold_arguments[f] = training.train_scorer(*training.argument_examples(train_set, inside), c=training.ARGUMENT_C)
    second = {f: models(fold_models[f], argument=fold_arguments[f], document=fold_documents[f], fold=f)
              for f in range(training.FOLDS)}
    settings["argument_threshold"] = training.choose_argument_thresholds(
        train_set, candidates, lambda i: second[folds[i]])
    party_candidates = candidates   # the argument model learns from these (first pass)
    log("claim candidates again, with the argument model")
    candidates = training.collect_candidates(train_set, extractor, lambda i: second[folds[i]], log)
    labels = [training.label(c, train_set[i].gold, train_set[i].document.text) for i, c in candidates]
    scorer = training.train_scorer([c._features for _, c in candidates], labels)
    final = models(sentence_model, scorer, argument_model, document_model)
    settings["document_gate"] = training.choose_document_gate(
        [(second[folds[i]].claims_in_document(e.document.text), e) for i, e in enumerate(train_set)]
        + [(final.claims_in_document(e.document.text), e) for e in dev_set])
    skipped = {i for i, e in enumerate(dev_set) if final.skips_document(e.document.text)}
    dev_candidates = [(n, c) for n, c in training.collect_candidates(dev_set, extractor, lambda i: final, log)
                      if n not in skipped]
    dev_labels = [training.label(c, dev_set[i].gold, dev_set[i].document.text) for i, c in dev_candidates]

    out.mkdir(parents=True, exist_ok=True)
    with gzip.open(out / "claims.jsonl.gz", "wt", encoding="utf-8") as fh:
        for group, sets, pairs, ys in (("train", train_set, candidates, labels), ("dev", dev_set, dev_candidates, dev_labels)):
            for (n, claim), y in zip(pairs, ys):
                fh.write(json.dumps({"group": group, "article": sets[n].gold["file"],
                                     "fold": folds[n] if group == "train" else -1, "kind": claim.kind,
                                     "learned": training.is_learned(claim), "features": claim._features,
                                     "label": y}) + "\n")
    with gzip.open(out / "parties.jsonl.gz", "wt", encoding="utf-8") as fh:
        for group, sets, pairs in (("train", train_set, party_candidates), ("dev", dev_set, dev_candidates)):
            for n, claim in pairs:
                party_rows = getattr(claim, "_parties", None)
                gold = training.matched_gold(claim, sets[n].gold, sets[n].document.text) if party_rows else None
                if gold is None:
                    continue
                for role in arguments.ROLES:
                    scored, wanted = training.gold_party(gold, role)
                    if not scored:
                        continue
                    fh.write(json.dumps({
                        "group": group, "article": sets[n].gold["file"],
                        "fold": folds[n] if group == "train" else -1, "kind": claim.kind, "role": role,
                        "empty": wanted is None,
                        "rows": [{"features": r.features[role], "in_sentence": r.position is not None,
                                  "rule": f"rule-{role}" in r.origins,
                                  "right": int(wanted is not None and entity_matches(r.entity.to_dict(), wanted))}
                                 for r in party_rows]}) + "\n")
    (out / "settings.json").write_text(json.dumps(settings, indent=1, sort_keys=True), encoding="utf-8")
    log(f"dumped {len(labels)} train and {len(dev_labels)} dev candidates to {out}")


# ---------------------------------------------------------------------- learners

def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def binary(features: list[str]) -> list[str]:
    return [f for f in features if ":=" not in f]


def numbers(features: list[str]) -> dict[str, float]:
    out = {}
    for f in features:
        if ":=" in f:
            name, value = f.split(":=", 1)
            out[name] = float(value)
    return out


def conjoin(features: list[str], key: str) -> list[str]:
    """Each binary feature also conjoined with `key` (the kind, or the role and kind)."""
    plain = binary(features)
    return plain + [f"{key}&{f}" for f in plain]


def sparse(feature_lists: list[list[str]]):
    from newsledger.extract.learned import indices
    from newsledger.training import _matrix
    return _matrix([indices(f) for f in feature_lists])


class Logistic:
    def __init__(self, c: float, weight: str | None = None, transform=None) -> None:
        self.c, self.weight, self.transform = c, weight, transform

    def name(self) -> str:
        return f"logistic C={self.c}" + (f", class_weight={self.weight}" if self.weight else "")

    def fit(self, items: list[dict], y: np.ndarray):
        from sklearn.linear_model import LogisticRegression
        X = sparse([self.transform(i) for i in items])
        self.model = LogisticRegression(C=self.c, solver="liblinear", max_iter=500, random_state=0,
                                        class_weight=self.weight).fit(X, y)
        return self

    def predict(self, items: list[dict]) -> np.ndarray:
        return self.model.predict_proba(sparse([self.transform(i) for i in items]))[:, 1]


class Boosted:
    """HistGradientBoosting over the k hashed binary features most often on in training
    (at least `min_count` times) plus the numeric features."""

    def __init__(self, k: int = 1500, transform=None, numeric: bool = True, **params) -> None:
        self.k, self.transform, self.numeric = k, transform, numeric
        self.params = dict(max_iter=300, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=20,
                           l2_regularization=1.0, random_state=0, early_stopping=False) | params

    def name(self) -> str:
        return f"HistGradientBoosting top-{self.k} features" + (" + numbers" if self.numeric else "") + \
            f" ({self.params['max_iter']} trees, lr {self.params['learning_rate']})"

    def _dense(self, items: list[dict]) -> np.ndarray:
        X = np.zeros((len(items), len(self.columns) + len(self.number_names)), dtype=np.float32)
        for r, item in enumerate(items):
            for f in binary(self.transform(item)):
                c = self.columns.get(f)
                if c is not None:
                    X[r, c] = 1.0
            if self.numeric:
                for name, value in numbers(item["features"]).items():
                    c = self.number_names.get(name)
                    if c is not None:
                        X[r, len(self.columns) + c] = value
        return X

    def fit(self, items: list[dict], y: np.ndarray):
        from collections import Counter
        from sklearn.ensemble import HistGradientBoostingClassifier
        counts = Counter(f for item in items for f in set(binary(self.transform(item))))
        self.columns = {f: n for n, (f, _) in enumerate(counts.most_common(self.k))}
        names = sorted({name for item in items for name in numbers(item["features"])}) if self.numeric else []
        self.number_names = {name: n for n, name in enumerate(names)}
        self.model = HistGradientBoostingClassifier(**self.params).fit(self._dense(items), y)
        return self

    def predict(self, items: list[dict]) -> np.ndarray:
        return self.model.predict_proba(self._dense(items))[:, 1]


def out_of_fold(make, items: list[dict], y: np.ndarray) -> np.ndarray:
    folds = np.array([i["fold"] for i in items])
    p = np.zeros(len(items))
    for f in sorted(set(folds)):
        inside = folds != f
        model = make().fit([i for i, k in zip(items, inside) if k], y[inside])
        p[~inside] = model.predict([i for i, k in zip(items, ~inside) if k])
    return p


def claim_table(folder: Path, learners: list) -> list[tuple]:
    from sklearn.metrics import average_precision_score, roc_auc_score
    items = read(folder / "claims.jsonl.gz")
    train = [i for i in items if i["group"] == "train"]
    dev = [i for i in items if i["group"] == "dev"]
    y_train = np.array([i["label"] for i in train])
    y_dev = np.array([i["label"] for i in dev])
    rows = []
    for label, make in learners:
        started = time.perf_counter()
        oof = out_of_fold(make, train, y_train)
        model = make().fit(train, y_train)
        p_dev = model.predict(dev)
        rows.append((label, average_precision_score(y_train, oof), roc_auc_score(y_train, oof),
                     average_precision_score(y_dev, p_dev), roc_auc_score(y_dev, p_dev), time.perf_counter() - started))
        print(f"| {rows[-1][0]} | " + " | ".join(f"{x:.4f}" for x in rows[-1][1:5]) + f" | {rows[-1][5]:.0f} s |",
              flush=True)
    return rows


def slot_accuracy(groups: list[dict], scores: list[np.ndarray], thresholds: dict[str, float]) -> float:
    """The share of (claim, role) slots filled right: the best-scored party above the role's
    threshold, else nobody (right when the gold names nobody)."""
    right = 0
    for group, s in zip(groups, scores):
        if len(s) and s.max() >= thresholds[group["role"]]:
            right += group["rows"][int(np.argmax(s))]["right"]
        else:
            right += int(group["empty"])
    return right / len(groups)


def party_items(groups: list[dict]) -> list[dict]:
    return [{"features": row["features"], "fold": g["fold"], "role": g["role"], "kind": g["kind"]}
            for g in groups for row in g["rows"]]


def split_scores(groups: list[dict], flat: np.ndarray) -> list[np.ndarray]:
    out, at = [], 0
    for g in groups:
        out.append(flat[at:at + len(g["rows"])])
        at += len(g["rows"])
    return out


def best_thresholds(groups: list[dict], scores: list[np.ndarray]) -> dict[str, float]:
    grid = [round(x, 2) for x in np.arange(0.1, 0.91, 0.05)]
    chosen = {}
    for role in ("actor", "recipient"):
        mine = [(g, s) for g, s in zip(groups, scores) if g["role"] == role]
        curve = [slot_accuracy([g for g, _ in mine], [s for _, s in mine], {role: t}) for t in grid]
        chosen[role] = grid[int(np.argmax(curve))]
    return chosen


def party_table(folder: Path, learners: list) -> list[tuple]:
    from sklearn.metrics import average_precision_score, roc_auc_score
    groups = read(folder / "parties.jsonl.gz")
    train = [g for g in groups if g["group"] == "train"]
    dev = [g for g in groups if g["group"] == "dev"]
    train_items, dev_items = party_items(train), party_items(dev)
    y_train = np.array([r["right"] for g in train for r in g["rows"]])
    y_dev = np.array([r["right"] for g in dev for r in g["rows"]])
    rows = []
    for label, make in learners:
        oof = out_of_fold(make, train_items, y_train)
        p_dev = make().fit(train_items, y_train).predict(dev_items)
        oof_groups, dev_groups = split_scores(train, oof), split_scores(dev, p_dev)
        thresholds = best_thresholds(train, oof_groups)   # chosen on train out of fold, as training does
        by_role = {}
        for name, gs, ss in (("train", train, oof_groups), ("dev", dev, dev_groups)):
            for role in ("actor", "recipient"):
                mine = [(g, s) for g, s in zip(gs, ss) if g["role"] == role]
                by_role[name, role] = slot_accuracy([g for g, _ in mine], [s for _, s in mine], thresholds)
        rows.append((label, average_precision_score(y_train, oof), by_role["train", "actor"], by_role["train", "recipient"],
                     average_precision_score(y_dev, p_dev), by_role["dev", "actor"], by_role["dev", "recipient"]))
        print(f"| {label} | " + " | ".join(f"{x:.4f}" for x in rows[-1][1:]) + " |", flush=True)
    return rows


def compare(folder: Path, which: str = "both") -> None:
    claim_plain = lambda i: binary(i["features"])
    claim_kind = lambda i: conjoin(i["features"], "k=" + i["kind"])
    party_plain = lambda i: binary(i["features"])
    party_kind = lambda i: conjoin(i["features"], f"rk={i['role']}|{i['kind']}")
    if which in ("both", "claims"):
        print("claim scorer: train out of fold (AP, ROC AUC) | dev (AP, ROC AUC)")
        print("| learner | train-oof AP | train-oof AUC | dev AP | dev AUC | time |\n|---|---|---|---|---|---|")
        claim_table(folder, [
            ("logistic C=0.1 (current)", lambda: Logistic(0.1, transform=claim_plain)),
            ("logistic C=0.03", lambda: Logistic(0.03, transform=claim_plain)),
            ("logistic C=0.3", lambda: Logistic(0.3, transform=claim_plain)),
            ("logistic C=0.1 balanced", lambda: Logistic(0.1, "balanced", claim_plain)),
            ("logistic C=0.1 + kind x feature", lambda: Logistic(0.1, transform=claim_kind)),
            ("logistic C=0.05 + kind x feature", lambda: Logistic(0.05, transform=claim_kind)),
            ("HGB top-1500 + numbers", lambda: Boosted(1500, claim_plain)),
            ("HGB top-500 + numbers", lambda: Boosted(500, claim_plain)),
        ])
    if which in ("both", "parties"):
        print("\nargument scorer: train out of fold | dev (AP over (party, role) pairs; slots filled right, "
              "thresholds chosen on train out of fold)")
        print("| learner | train-oof AP | train actor | train recipient | dev AP | dev actor | dev recipient |\n"
              "|---|---|---|---|---|---|---|")
        party_table(folder, [
            ("logistic C=0.3 (current)", lambda: Logistic(0.3, transform=party_plain)),
            ("logistic C=0.1", lambda: Logistic(0.1, transform=party_plain)),
            ("logistic C=1", lambda: Logistic(1.0, transform=party_plain)),
            ("logistic C=0.3 balanced", lambda: Logistic(0.3, "balanced", party_plain)),
            ("logistic C=0.3 + role.kind x feature", lambda: Logistic(0.3, transform=party_kind)),
            ("HGB top-1000", lambda: Boosted(1000, party_plain, numeric=False)),
            ("HGB top-1000 + role.kind", lambda: Boosted(1000, party_kind, numeric=False)),
        ])


if __name__ == "__main__":
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "dump":
        dump(folder)
    else:
        compare(folder, *(sys.argv[3:4] or ["both"]))
