#!/usr/bin/python3
"""Writes tests/golden/schedulers_more.json from torch.optim.lr_scheduler (PyTorch 1.13).

Run with the Python that has torch (Debian: /usr/bin/python3), from the repository root:
    /usr/bin/python3 tests/tools/golden_schedulers_more.py

The case schema is schedulers.json's (tests/golden/README.md), with two
optional keys:
- "optimizer": the torch.optim class the scheduler drives ("sgd" when absent,
  "adam" to cycle beta1 instead of momentum); lr = base_lr, other options at
  their defaults;
- "momentums": after each step, the group's momentum (or betas[0] for adam),
  for the schedulers that cycle it.
For k = 0..steps-1: optimizer.step() (zero gradients), scheduler.step(), then
lrs[k] (and momentums[k]) is the group's value.
"""
import json
import re
import sys

import torch

torch.set_num_threads(1)

BASE_LR = 0.1
STEPS = 15

# (case name, scheduler, options, optimizer, steps). Options use PyTorch's
# argument names; names are the scheduler and what sets the case apart.
CASES = [
    ("one_cycle_lr", "one_cycle_lr", dict(max_lr=0.1, total_steps=15), "sgd", STEPS),
    ("one_cycle_lr_linear_three_phase", "one_cycle_lr",
     dict(max_lr=0.5, total_steps=15, pct_start=0.4, anneal_strategy="linear", div_factor=10.0,
          final_div_factor=100.0, three_phase=True), "sgd", STEPS),
    ("one_cycle_lr_epochs_no_momentum", "one_cycle_lr",
     dict(max_lr=0.2, epochs=3, steps_per_epoch=6, cycle_momentum=False, three_phase=True),
     "sgd", 18),
    ("one_cycle_lr_adam_beta1", "one_cycle_lr",
     dict(max_lr=0.01, total_steps=16, base_momentum=0.8, max_momentum=0.9), "adam", 16),
    ("cosine_annealing_warm_restarts", "cosine_annealing_warm_restarts",
     dict(T_0=4, eta_min=0.001), "sgd", STEPS),
    ("cosine_annealing_warm_restarts_t_mult2", "cosine_annealing_warm_restarts",
     dict(T_0=2, T_mult=2), "sgd", STEPS),
    ("cyclic_lr_triangular", "cyclic_lr", dict(base_lr=0.01, max_lr=0.1, step_size_up=3), "sgd",
     STEPS),
    ("cyclic_lr_triangular2", "cyclic_lr",
     dict(base_lr=0.01, max_lr=0.1, step_size_up=2, step_size_down=4, mode="triangular2",
          base_momentum=0.85, max_momentum=0.95), "sgd", 20),
    ("cyclic_lr_exp_range", "cyclic_lr",
     dict(base_lr=0.001, max_lr=0.1, step_size_up=2, mode="exp_range", gamma=0.9,
          cycle_momentum=False), "sgd", STEPS),
    ("polynomial_lr", "polynomial_lr", dict(), "sgd", STEPS),
    ("polynomial_lr_power2", "polynomial_lr", dict(total_iters=10, power=2.0), "sgd", STEPS),
    ("polynomial_lr_power0p5", "polynomial_lr", dict(total_iters=8, power=0.5), "sgd", STEPS),
    ("constant_lr", "constant_lr", dict(), "sgd", STEPS),
    ("constant_lr_factor0p5", "constant_lr", dict(factor=0.5, total_iters=4), "sgd", STEPS),
]

SCHEDULERS = {
    "one_cycle_lr": torch.optim.lr_scheduler.OneCycleLR,
    "cosine_annealing_warm_restarts": torch.optim.lr_scheduler.CosineAnnealingWarmRestarts,
    "cyclic_lr": torch.optim.lr_scheduler.CyclicLR,
    "polynomial_lr": torch.optim.lr_scheduler.PolynomialLR,
    "constant_lr": torch.optim.lr_scheduler.ConstantLR,
}
OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}
CYCLES_MOMENTUM = {"one_cycle_lr", "cyclic_lr"}


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def run(name, scheduler_name, options, optimizer_name, steps):
    param = torch.zeros(3, requires_grad=True)
    optimizer = OPTIMIZERS[optimizer_name]([param], lr=BASE_LR)
    scheduler = SCHEDULERS[scheduler_name](optimizer, **options)
    cycled = scheduler_name in CYCLES_MOMENTUM and options.get("cycle_momentum", True)
    lrs, momentums = [], []
    for _ in range(steps):
        param.grad = torch.zeros(3)
        optimizer.step()
        scheduler.step()
        lrs.append(optimizer.param_groups[0]["lr"])
        momentums.append(momentum_of(optimizer.param_groups[0]))
    case = {"name": name, "scheduler": scheduler_name, "options": options, "base_lr": BASE_LR}
    if optimizer_name != "sgd":
        case["optimizer"] = optimizer_name
    case["lrs"] = lrs
    if cycled:
        case["momentums"] = momentums
    return case


def main():
    cases = [run(*c) for c in CASES]
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names), "case names must be unique"
    assert all(re.fullmatch("[a-z0-9_]+", n) for n in names), "names use [a-z0-9_] only"
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/golden/schedulers_more.json"
    with open(out, "w") as f:
        f.write('{\n"format": "axon-golden-1",\n"torch_version": "%s",\n' % torch.__version__)
        f.write('"torch_package": "python3-torch 1.13.1+dfsg-4",\n"cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]\n}\n")
    print("wrote %d cases to %s" % (len(cases), out))


if __name__ == "__main__":
    main()
