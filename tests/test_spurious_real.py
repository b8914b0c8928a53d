"""Spurious claims on real news (issue 14): sentences of the annotated corpus where the
extractor proposed a claim that no gold claim matches, checked for the general cause."""
from __future__ import annotations

from test_claims import claims_of


def test_an_attack_takes_no_figure_of_people_or_meetings():
    # dev: nb-ukr-20240414T020000Z_GB_en_f52b3b963d (91 counts rescuers killed, not an attack)
    text = ("The DSNS says 91 of its rescuers have been killed and more than 340 injured since the "
            "Russian full-scale invasion in February 2022.")
    attacks = [c for c in claims_of(text, published="2024-04-14") if c.kind == "attack"]
    assert all(c.quantity is None or c.quantity.value not in (91, 340) for c in attacks)
    # dev: nb-ukr-20220321T191500Z_US_en_eb92aafe66 (a dozen meetings, six of them since the invasion)
    text = ("The United Nations Security Council has convened almost a dozen meetings on Ukraine since "
            "late January, six of those coming since the brutal Russian invasion began last month.")
    attacks = [c for c in claims_of(text, published="2022-03-21") if c.kind == "attack"]
    assert all(c.quantity is None for c in attacks)
