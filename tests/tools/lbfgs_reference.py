#!/usr/bin/python3
"""Reference numbers for tests/lbfgs_test.cpp, from torch.optim.LBFGS (PyTorch 1.13).

Run with the Python that has torch (Debian: /usr/bin/python3):
    /usr/bin/python3 tests/tools/lbfgs_reference.py [--trace | --sensitivity]
For each case and dtype it prints a C++ `Trajectory` initializer: the loss
each step() returned, the parameters after it, and the closure calls it made
(the growth of PyTorch's state['func_evals']). --trace also prints each line
search: first and accepted t, evaluations, and which cubic interpolations ran
('b' while bracketing, 'z' while zooming).

Cases keep only the steps that rounding cannot move past the test's
tolerance (f64 1e-9, f32 1e-4). --sensitivity prints, per step, the relative
change of the parameters when the start moves by 1e-15 (f64), and how far
PyTorch's own f32 run is from its f64 run. Rosenbrock amplifies: after 5 steps
with lr 1, 1e-15 at the start is 7e-8. The linear case has no f32 steps:
there PyTorch's cubic interpolation computes in float32 (the slopes g.d are
float32 tensors) and gets exactly 0 under the square root where doubles give
+-1e-8, so the two take different branches.
"""
import sys

import torch
import torch.optim.lbfgs as lbfgs_module

torch.set_num_threads(1)

# Least squares: 0.5 * sum((A p - b)^2), A (6, 4), b (6), p (4).
A = [[1.5, -0.5, 0.25, 2.0],
     [0.75, 1.25, -1.0, 0.5],
     [-0.25, 0.5, 1.75, -1.5],
     [2.0, 0.0, -0.75, 1.0],
     [0.5, -1.75, 0.5, 0.25],
     [-1.0, 0.25, 1.0, 0.75]]
B = [1.0, -2.0, 0.5, 3.0, -1.5, 0.25]
# Rosenbrock: (1 - x)^2 + 100 (y - x^2)^2, p = (x, y).
# Linear: sum(C p), unbounded below, so the line search extrapolates max_ls times.
C = [0.5, -0.25]
INIT = {
    "least_squares": [0.5, -1.0, 1.5, 0.25],
    "rosenbrock": [-1.5, 2.0],
    "linear": [1.0, -2.0],
}

SW = "strong_wolfe"
CASES = [
    # name, problem, options, steps in f64, steps in f32
    ("LeastSquaresStrongWolfe", "least_squares", dict(lr=0.1, max_iter=4, line_search_fn=SW), 3, 3),
    ("RosenbrockStrongWolfe", "rosenbrock",
     dict(lr=1, max_iter=5, history_size=3, line_search_fn=SW), 4, 2),
    ("RosenbrockStrongWolfeLr8", "rosenbrock",
     dict(lr=8, max_iter=5, history_size=3, line_search_fn=SW), 5, 1),
    ("RosenbrockStrongWolfeLr500", "rosenbrock", dict(lr=500, max_iter=20, line_search_fn=SW), 3, 1),
    ("LinearStrongWolfe", "linear", dict(lr=1, max_iter=2, line_search_fn=SW), 1, 0),
    ("LeastSquaresFixedStep", "least_squares", dict(lr=1, max_iter=4), 3, 3),
]

phases = []


def traced_cubic(*args, **kwargs):
    phases.append("b" if kwargs.get("bounds") is not None else "z")
    return cubic(*args, **kwargs)


def traced_strong_wolfe(obj_func, x, t, d, f, g, gtd, **kwargs):
    phases.clear()
    out = strong_wolfe(obj_func, x, t, d, f, g, gtd, **kwargs)
    print(f"//   line search: t {float(t)!r} -> {float(out[2])!r}, "
          f"{out[3]} evaluations, interpolations {''.join(phases) or '-'}")
    return out


cubic, strong_wolfe = lbfgs_module._cubic_interpolate, lbfgs_module._strong_wolfe


def closure_for(problem, p, opt, dtype):
    a = torch.tensor(A, dtype=dtype)
    b = torch.tensor(B, dtype=dtype)
    c = torch.tensor(C, dtype=dtype)

    def closure():
        opt.zero_grad()
        if problem == "least_squares":
            loss = 0.5 * ((a @ p - b) ** 2).sum()
        elif problem == "rosenbrock":
            loss = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
        else:
            loss = (c * p).sum()
        loss.backward()
        return loss

    return closure


def cpp(values):
    return "{" + ", ".join(repr(float(v)) for v in values) + "}"


def trajectory(problem, options, steps, dtype, init=None):
    p = torch.tensor(init or INIT[problem], dtype=dtype, requires_grad=True)
    opt = torch.optim.LBFGS([p], **options)
    closure = closure_for(problem, p, opt, dtype)
    losses, params, evals = [], [], []
    for _ in range(steps):
        before = opt.state[p].get("func_evals", 0)
        losses.append(opt.step(closure).item())
        params.append(p.detach().tolist())
        evals.append(opt.state[p]["func_evals"] - before)
    return losses, params, evals


def max_relative_change(rows, reference_rows):
    return [max(abs(a - b) / abs(b) for a, b in zip(row, ref))
            for row, ref in zip(rows, reference_rows)]


def sensitivity(name, problem, options, steps=5):
    _, f64, _ = trajectory(problem, options, steps, torch.float64)
    moved = [x * (1 + 1e-15) for x in INIT[problem]]
    _, nudged, _ = trajectory(problem, options, steps, torch.float64, moved)
    _, f32, _ = trajectory(problem, options, steps, torch.float32)
    print(f"// {name}")
    print("//   start moved 1e-15: " + " ".join(f"{v:.1e}" for v in max_relative_change(nudged, f64)))
    print("//   f32 against f64:   " + " ".join(f"{v:.1e}" for v in max_relative_change(f32, f64)))


def run(name, problem, options, steps, dtype):
    if steps == 0:
        return
    suffix = "F64" if dtype == torch.float64 else "F32"
    settings = " ".join(f"{key}={value}" for key, value in options.items())
    print(f"// {problem}: {settings}")
    losses, params, evals = trajectory(problem, options, steps, dtype)
    print(f"const Trajectory k{name}{suffix}{{")
    print(f"    {cpp(losses)},")
    print("    {" + ", ".join(cpp(row) for row in params) + "},")
    print("    {" + ", ".join(str(e) for e in evals) + "}};")


def main():
    if "--trace" in sys.argv:
        lbfgs_module._cubic_interpolate = traced_cubic
        lbfgs_module._strong_wolfe = traced_strong_wolfe
    print(f"// torch {torch.__version__}")
    if "--sensitivity" in sys.argv:
        for name, problem, options, _, _ in CASES:
            sensitivity(name, problem, options)
        return
    for name, problem, options, steps_f64, steps_f32 in CASES:
        run(name, problem, options, steps_f64, torch.float64)
        run(name, problem, options, steps_f32, torch.float32)


if __name__ == "__main__":
    main()
