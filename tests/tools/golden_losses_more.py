#!/usr/bin/python3
"""Writes tests/golden/losses_more.json from torch.nn.functional (PyTorch 1.13).

Run with the Python that has torch (Debian: /usr/bin/python3), from the repository root:
    /usr/bin/python3 tests/tools/golden_losses_more.py [out.json]

The case schema and naming are losses.json's (tests/golden/README.md):
{"name", "op", "options", "inputs", "output", "grad_output", "grads"}, op being
the function of torch.nn.functional, inputs keyed by its argument names:
- triplet_margin_loss (margin, p, eps, swap): anchor, positive, negative;
  grads of all three;
- gaussian_nll_loss (full, eps): input, target, var; grads of input and var.
  var is input's shape, or that without its last dim, or with a last dim of 1;
  in the eps cases some of var lies below eps, where PyTorch floors the value
  but passes the gradient through unchanged;
- multilabel_soft_margin_loss: input, target (0/1, f32) and, in `_weight`
  cases, the tensor argument weight (one per class);
- multilabel_margin_loss: input, target (i64 class lists, each ended by the
  first -1; the entries after it are ignored but valid class indices).
options.reduction is always present; grad_output is 1.0 for reduced losses
and random for "none". Names add `1d` (unbatched input), `3d`, `broadcast`
(positive of shape (1, D)) or var's shape where the case's shapes differ from
the family's first. No hinge sits exactly at 0 (asserted where it matters).
"""
import torch
import torch.nn.functional as F

from golden_activations_more import case_name, seed_for, tensor_json, write_cases

torch.set_num_threads(1)

REDUCTIONS = ["mean", "sum", "none"]


def make_case(name, op, options, inputs, differentiated, call):
    """Runs call(**inputs, **options) and backpropagates grad_output into `differentiated`."""
    for key in differentiated:
        inputs[key].requires_grad_()
    out = call(**inputs, **options)
    gen = seed_for(name + "_grad_output")
    grad_output = torch.ones(()) if out.dim() == 0 else torch.randn(out.shape, generator=gen)
    out.backward(grad_output)
    return {"name": name, "op": op, "options": options,
            "inputs": {k: tensor_json(v) for k, v in inputs.items()},
            "output": tensor_json(out), "grad_output": tensor_json(grad_output),
            "grads": {k: tensor_json(inputs[k].grad) for k in differentiated}}


# ---- triplet_margin_loss -----------------------------------------------------------

# How far each row's negative lies from its anchor (the 1-D case's: 0.5).
NEGATIVE_SPREAD = [0.4, 2.5, 0.8, 3.0]


def triplet_cases():
    cases = []
    # (options, suffix, shape of anchor and negative, shape of positive)
    variants = [({}, "", (4, 6), (4, 6)),
                ({"margin": 0.5, "p": 1.0}, "", (4, 6), (4, 6)),
                ({"p": 3.0, "eps": 0.001}, "", (4, 6), (4, 6)),
                ({"swap": True}, "", (4, 6), (4, 6)),
                ({}, "1d", (6,), (6,)),
                ({}, "broadcast", (4, 6), (1, 6))]
    for options, suffix, shape, positive_shape in variants:
        for reduction in REDUCTIONS:
            full = dict(options, reduction=reduction)
            name = case_name("triplet_margin_loss", suffix, reduction, options=options)
            gen = seed_for(name)
            # Anchors near their positive; negatives near (inside the margin)
            # or far (outside it) by row.
            positive = torch.randn(positive_shape, generator=gen)
            anchor = positive + 0.7 * torch.randn(shape, generator=gen)
            spread = torch.tensor(NEGATIVE_SPREAD).unsqueeze(1) if len(shape) > 1 else 0.5
            negative = anchor + spread * torch.randn(shape, generator=gen)
            inputs = {"anchor": anchor, "positive": positive, "negative": negative}
            case = make_case(name, "triplet_margin_loss", full, inputs,
                             ["anchor", "positive", "negative"], F.triplet_margin_loss)
            check_hinge(name, {k: v.detach() for k, v in inputs.items()}, full)
            cases.append(case)
    return cases


def check_hinge(name, inputs, options):
    """Some triplets are inside the margin and some out, none on it; swap swaps some."""
    p, eps = options.get("p", 2.0), options.get("eps", 1e-6)
    a, pos, neg = inputs["anchor"], inputs["positive"], inputs["negative"]
    d_pos = F.pairwise_distance(a, pos, p, eps)
    d_neg = F.pairwise_distance(a, neg, p, eps)
    d_swap = F.pairwise_distance(pos, neg, p, eps)
    if options.get("swap"):
        assert bool((d_swap < d_neg).any()), name + ": swap changes nothing"
        d_neg = torch.minimum(d_neg, d_swap)
    hinge = options.get("margin", 1.0) + d_pos - d_neg
    assert not bool((hinge == 0).any()), name + ": a hinge sits at 0"
    if hinge.dim() > 0:
        assert bool((hinge > 0).any()) and bool((hinge < 0).any()), name + ": one-sided hinge"


# ---- gaussian_nll_loss ----------------------------------------------------------------

def gaussian_cases():
    cases = []
    # (options, suffix, input shape, var shape, var range)
    variants = [({"full": False}, "", (4, 3), (4, 3), (0.2, 2.0)),
                ({"full": True}, "", (4, 3), (4, 3), (0.2, 2.0)),
                ({}, "var4", (4, 3), (4,), (0.2, 2.0)),
                ({}, "var4x1", (4, 3), (4, 1), (0.2, 2.0)),
                ({"eps": 0.5}, "", (4, 3), (4, 3), (0.05, 1.5)),
                ({"full": True}, "1d", (5,), (), (0.2, 2.0))]
    for options, suffix, shape, var_shape, (low, high) in variants:
        for reduction in REDUCTIONS:
            full = dict(options, reduction=reduction)
            name = case_name("gaussian_nll_loss", suffix, reduction, options=options)
            gen = seed_for(name)
            inputs = {"input": torch.randn(shape, generator=gen),
                      "target": torch.randn(shape, generator=gen),
                      "var": torch.rand(var_shape, generator=gen) * (high - low) + low}
            if "eps" in options:
                assert bool((inputs["var"] < options["eps"]).any()), name + ": nothing floored"
            cases.append(make_case(name, "gaussian_nll_loss", full, inputs, ["input", "var"],
                                   F.gaussian_nll_loss))
    return cases


# ---- multilabel_soft_margin_loss ---------------------------------------------------------

def multilabel_soft_margin_cases():
    cases = []
    # (suffix, input shape, with a weight)
    for suffix, shape, weighted in [("", (4, 5), False), ("weight", (4, 5), True),
                                    ("1d", (5,), False), ("3d", (2, 3, 5), False)]:
        for reduction in REDUCTIONS:
            name = case_name("multilabel_soft_margin_loss", suffix, reduction)
            gen = seed_for(name)
            inputs = {"input": torch.randn(shape, generator=gen) * 2.0,
                      "target": (torch.rand(shape, generator=gen) > 0.5).float()}
            if weighted:
                inputs["weight"] = torch.rand(shape[-1:], generator=gen) + 0.5
            cases.append(make_case(name, "multilabel_soft_margin_loss",
                                   {"reduction": reduction}, inputs, ["input"],
                                   F.multilabel_soft_margin_loss))
    return cases


# ---- multilabel_margin_loss -----------------------------------------------------------------

# One class list per row of a (5, 6) input: two classes, then entries past the
# -1 that must be ignored; four classes; a class listed twice (it counts
# twice); an empty list (loss 0); a full row with no -1 and repeats.
MULTILABEL_TARGETS = [[3, 0, -1, 1, 4, 5],
                      [1, 5, 2, 0, -1, -1],
                      [2, 2, 4, -1, 0, 0],
                      [-1, 3, 0, 1, 2, 5],
                      [1, 1, 3, 3, 0, 0]]
MULTILABEL_TARGET_1D = [2, 5, -1, 0, 0, 0]


def multilabel_margin_cases():
    cases = []
    for suffix, lists in [("", MULTILABEL_TARGETS), ("1d", MULTILABEL_TARGET_1D)]:
        for reduction in REDUCTIONS:
            name = case_name("multilabel_margin_loss", suffix, reduction)
            gen = seed_for(name)
            target = torch.tensor(lists, dtype=torch.int64)
            inputs = {"input": torch.randn(target.shape, generator=gen), "target": target}
            cases.append(make_case(name, "multilabel_margin_loss", {"reduction": reduction},
                                   inputs, ["input"], F.multilabel_margin_loss))
            x = inputs["input"].detach()
            # Every hinge 1 - x[y] + x[i] is away from 0.
            assert not bool((1 - x.unsqueeze(-1) + x.unsqueeze(-2) == 0).any()), name
    return cases


def main():
    cases = (triplet_cases() + gaussian_cases() + multilabel_soft_margin_cases()
             + multilabel_margin_cases())
    write_cases(cases, "tests/golden/losses_more.json")


if __name__ == "__main__":
    main()
