#!/usr/bin/python3
"""Writes tests/golden/activations_more.json from torch.nn.functional (PyTorch 1.13).

Run with the Python that has torch (Debian: /usr/bin/python3), from the repository root:
    /usr/bin/python3 tests/tools/golden_activations_more.py [out.json]

The case schema and naming are activations.json's (tests/golden/README.md):
{"name", "op", "options", "inputs": {"input"}, "output", "grad_output", "grads": {"input"}},
op being the function of torch.nn.functional of that name: relu6, hardsigmoid,
softsign, tanhshrink, logsigmoid, celu (alpha), softshrink (lambd),
hardshrink (lambd), threshold (threshold, value), glu (dim), softmin (dim;
null is PyTorch's implicit choice: 0 for 0-, 1- and 3-D inputs, else 1).

Inputs are float32, drawn per case from a seed made of the case name, over a
range that reaches every piece of the function; no input sits on a point where
the derivative jumps (asserted). logsigmoid's (4, 7) input starts with +-25 and
+-100, where a naive log(1 + e^-x) overflows or rounds e^-x away.

golden_losses_more.py imports the writing helpers below.
"""
import json
import math
import re
import sys
import zlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

TORCH_PACKAGE = "python3-torch 1.13.1+dfsg-4"

# ---- shared with golden_losses_more.py -----------------------------------------


def seed_for(name):
    """A generator seeded from the case name: cases do not shift when others are added."""
    return torch.Generator().manual_seed(zlib.crc32(name.encode()))


def option_str(value):
    """An option value in a case name: '.' written 'p', '-' written 'm'."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).replace(".", "p").replace("-", "m")


def case_name(*parts, options=None):
    """op, then key+value for each option, then the other parts, joined by '_'."""
    words = [parts[0]] + [k + option_str(v) for k, v in (options or {}).items()]
    return "_".join(words + [str(p) for p in parts[1:] if p != ""])


def shape_str(shape):
    return "x".join(str(s) for s in shape)


def tensor_json(t):
    """{"shape", "dtype", "data"}; each f32 value in its shortest float32 form."""
    t = t.detach().contiguous()
    if t.dtype == torch.int64:
        return {"shape": list(t.shape), "dtype": "i64", "data": t.flatten().tolist()}
    assert t.dtype == torch.float32, t.dtype
    values = t.flatten().tolist()
    assert all(math.isfinite(v) for v in values), "golden values must be finite"
    # float32's shortest repr, read as a double, prints back as that repr.
    return {"shape": list(t.shape), "dtype": "f32",
            "data": [float(repr(np.float32(v))) for v in values]}


def write_cases(cases, default_out):
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names), "case names must be unique"
    assert all(re.fullmatch("[a-z0-9_]+", n) for n in names), "names use [a-z0-9_] only"
    out = sys.argv[1] if len(sys.argv) > 1 else default_out
    with open(out, "w") as f:
        f.write('{\n"format": "axon-golden-1",\n"torch_version": "%s",\n' % torch.__version__)
        f.write('"torch_package": "%s",\n"cases": [\n' % TORCH_PACKAGE)
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]\n}\n")
    print("wrote %d cases to %s" % (len(cases), out))


# ---- activations -----------------------------------------------------------------

SHAPES = [(4, 7), (2, 3, 5, 5)]

# (op, options, (low, high) of the uniform input, the points where the
# derivative jumps, shapes). Options use PyTorch's argument names.
CASES = [
    ("relu6", {}, (-3.0, 9.0), [0.0, 6.0], SHAPES),
    ("hardsigmoid", {}, (-5.0, 5.0), [-3.0, 3.0], SHAPES),
    ("softsign", {}, (-6.0, 6.0), [], SHAPES),
    ("tanhshrink", {}, (-4.0, 4.0), [], SHAPES),
    ("logsigmoid", {}, (-8.0, 8.0), [], SHAPES),
    ("celu", {"alpha": 1.0}, (-4.0, 3.0), [0.0], SHAPES),
    ("celu", {"alpha": 0.5}, (-4.0, 3.0), [0.0], SHAPES),
    ("softshrink", {"lambd": 0.5}, (-3.0, 3.0), [-0.5, 0.5], SHAPES),
    ("softshrink", {"lambd": 1.5}, (-3.0, 3.0), [-1.5, 1.5], SHAPES),
    ("hardshrink", {"lambd": 0.5}, (-3.0, 3.0), [-0.5, 0.5], SHAPES),
    ("hardshrink", {"lambd": 1.5}, (-3.0, 3.0), [-1.5, 1.5], SHAPES),
    ("threshold", {"threshold": 0.1, "value": 20.0}, (-2.0, 2.0), [0.1], SHAPES),
    ("threshold", {"threshold": -0.5, "value": -2.0}, (-2.0, 2.0), [-0.5], SHAPES),
    ("glu", {"dim": -1}, (-3.0, 3.0), [], [(4, 8)]),
    ("glu", {"dim": 0}, (-3.0, 3.0), [], [(4, 8)]),
    ("glu", {"dim": 1}, (-3.0, 3.0), [], [(2, 6, 5, 5)]),
    ("softmin", {"dim": -1}, (-3.0, 3.0), [], [(4, 7), (2, 3, 5, 5)]),
    ("softmin", {"dim": 1}, (-3.0, 3.0), [], [(2, 3, 5, 5)]),
    # None: dim 0 for the 3-D input (one unbatched image), dim 1 for the 2-D one.
    ("softmin", {"dim": None}, (-3.0, 3.0), [], [(2, 3, 5), (4, 7)]),
]

# logsigmoid far out on both sides, where log(1 + e^-x) must neither overflow
# nor lose the tiny e^-x; the (4, 7) case starts with them.
LOGSIGMOID_TAILS = [-100.0, -25.0, 25.0, 100.0]


def functional(op, options):
    if op == "softmin":
        return lambda x: F.softmin(x, dim=options["dim"])
    f = getattr(F, op)
    return lambda x: f(x, **options)


def run(op, options, bounds, kinks, shape):
    name = case_name(op, shape_str(shape), options=options)
    gen = seed_for(name)
    low, high = bounds
    x = torch.rand(shape, generator=gen) * (high - low) + low
    if op == "logsigmoid" and len(shape) == 2:
        x.view(-1)[: len(LOGSIGMOID_TAILS)] = torch.tensor(LOGSIGMOID_TAILS)
    assert not any(bool((x == k).any()) for k in kinks), name + ": an input sits on a kink"
    x.requires_grad_()
    y = functional(op, options)(x)
    grad_output = torch.randn(y.shape, generator=gen)
    y.backward(grad_output)
    return {"name": name, "op": op, "options": options, "inputs": {"input": tensor_json(x)},
            "output": tensor_json(y), "grad_output": tensor_json(grad_output),
            "grads": {"input": tensor_json(x.grad)}}


def main():
    cases = [run(op, options, bounds, kinks, shape)
             for op, options, bounds, kinks, shapes in CASES for shape in shapes]
    write_cases(cases, "tests/golden/activations_more.json")


if __name__ == "__main__":
    main()
