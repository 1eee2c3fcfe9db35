#!/usr/bin/python3
"""Writes tests/golden/optimizers_more.json from torch.optim (PyTorch 1.13).

Run with the Python that has torch (Debian: /usr/bin/python3), from the repository root:
    /usr/bin/python3 tests/tools/golden_optimizers_more.py [out.json]

The case schema and naming are optimizers.json's first-order cases
(tests/golden/README.md): {"name", "optimizer", "options", "param_groups"
(optional), "params_init", "grads", "params_after"}, optimizer being the
torch.optim class in lower case: radam, rprop, asgd (single-tensor path,
foreach=False). Two parameters of shapes (3, 4) and (5,); for step k = 0..11
each gradient is set to grads[k][i], step() runs, and the parameters must then
equal params_after[k][i].

One optional key: "state_after": for each step, the per-parameter state
tensors that the parameters alone do not show, keyed as in the optimizer's
state dict ("state.<param index>.<name>"): rprop's "prev" and "step_size",
asgd's running average "ax".

Parameters and gradients are standard normal, drawn from a seed made of the
case name. Rprop's random gradient signs flip about every other step, so the
step sizes shrink, grow and reach the step_sizes bounds; radam's 12 steps run
through the unrectified first steps (rho_t <= 5) into the rectified ones; the
asgd cases with a small t0 start averaging within the 12 steps (t0 2.5: mu =
1 / 1.5, a float32 rounding PyTorch keeps).
"""
import torch

from golden_activations_more import seed_for, tensor_json, write_cases

torch.set_num_threads(1)

SHAPES = [(3, 4), (5,)]
STEPS = 12

OPTIMIZERS = {"radam": torch.optim.RAdam, "rprop": torch.optim.Rprop, "asgd": torch.optim.ASGD}
# The state tensors recorded in "state_after".
STATE_AFTER = {"rprop": ["prev", "step_size"], "asgd": ["ax"]}

# (name, optimizer, options, param_groups). Options use PyTorch's argument
# names; a name is the optimizer and the options that set the case apart.
CASES = [
    ("radam", "radam", {}, None),
    ("radam_betas", "radam", {"betas": [0.8, 0.99]}, None),
    ("radam_weight_decay", "radam", {"weight_decay": 0.01}, None),
    ("radam_lr_eps", "radam", {"lr": 0.01, "eps": 0.001}, None),
    ("radam_param_groups", "radam", {"lr": 0.01},
     [{"params": [0], "lr": 0.01}, {"params": [1], "lr": 0.001, "weight_decay": 0.1}]),
    ("rprop", "rprop", {}, None),
    ("rprop_etas_step_sizes", "rprop", {"etas": [0.3, 1.5], "step_sizes": [0.001, 0.02]}, None),
    ("rprop_maximize", "rprop", {"maximize": True}, None),
    ("rprop_param_groups", "rprop", {"lr": 0.01},
     [{"params": [0], "lr": 0.01}, {"params": [1], "lr": 0.05, "etas": [0.4, 1.3]}]),
    ("asgd", "asgd", {}, None),
    ("asgd_lr_lambd_alpha_t0", "asgd", {"lr": 0.1, "lambd": 0.1, "alpha": 0.5, "t0": 2.5}, None),
    ("asgd_weight_decay", "asgd", {"weight_decay": 0.01, "t0": 4.0}, None),
    ("asgd_maximize", "asgd", {"maximize": True, "t0": 6.0}, None),
    ("asgd_param_groups", "asgd", {"lr": 0.05},
     [{"params": [0], "lr": 0.05, "t0": 3.0}, {"params": [1], "lr": 0.01, "lambd": 0.01}]),
]


def run(name, optimizer, options, param_groups):
    gen = seed_for(name)
    params_init = [torch.randn(shape, generator=gen) for shape in SHAPES]
    grads = [[torch.randn(shape, generator=gen) for shape in SHAPES] for _ in range(STEPS)]
    params = [p.clone().requires_grad_() for p in params_init]
    if param_groups is None:
        groups = params
    else:
        groups = [dict(g, params=[params[i] for i in g["params"]]) for g in param_groups]
    opt = OPTIMIZERS[optimizer](groups, foreach=False, **options)
    params_after, state_after = [], []
    for step_grads in grads:
        for p, g in zip(params, step_grads):
            p.grad = g.clone()
        opt.step()
        params_after.append([tensor_json(p) for p in params])
        state_after.append({"state.%d.%s" % (i, key): tensor_json(opt.state[p][key])
                            for i, p in enumerate(params) for key in STATE_AFTER.get(optimizer, [])})
    case = {"name": name, "optimizer": optimizer, "options": options}
    if param_groups is not None:
        case["param_groups"] = param_groups
    case["params_init"] = [tensor_json(p) for p in params_init]
    case["grads"] = [[tensor_json(g) for g in step_grads] for step_grads in grads]
    case["params_after"] = params_after
    if optimizer in STATE_AFTER:
        case["state_after"] = state_after
    return case


def check_radam_rectification():
    """The default betas leave steps 1..5 unrectified and rectify the rest."""
    beta2 = 0.999
    rho_inf = 2 / (1 - beta2) - 1
    rho = [rho_inf - 2 * t * beta2**t / (1 - beta2**t) for t in range(1, STEPS + 1)]
    assert [r > 5 for r in rho] == [False] * 5 + [True] * (STEPS - 5), rho


def main():
    check_radam_rectification()
    write_cases([run(*c) for c in CASES], "tests/golden/optimizers_more.json")


if __name__ == "__main__":
    main()
