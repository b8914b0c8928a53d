"""Analyst review of claims: verify, reject or correct a claim and have that hold.

    corrections.py  the slots a reviewer may set and how typed values become contract values
    queue.py        which claims most need a human, in order
    gold.py         the reviews as a gold file (../shared/gold format) and as training examples

Reviews are stored by the store (newsledger.store.reviews: tables `reviews`, `review_audit`)
and win over the extractor everywhere: the claims row carries the reviewed record.
"""
