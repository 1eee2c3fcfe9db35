#!/usr/bin/python3
"""Writes tests/golden/layers_more.json: PyTorch's outputs and gradients for
the layers added after layers.json (group_norm, instance_norm1d/2d,
conv_transpose2d, upsample, identity, unflatten, rnn_cell, lstm_cell,
gru_cell), in the layers.json schema of the golden README ("axon-golden-1").

Run with the PyTorch 1.13 of /usr/bin/python3:
    /usr/bin/python3 tests/tools/golden_layers_more.py [output path]

Each case seeds torch from its name, so adding a case changes no other one.
The cells' hidden state goes in as h_0 (and c_0), as for the sequence layers,
and their new state comes out as h_1 (and c_1), PyTorch's names for them.
"""
import json
import os
import sys
import zlib

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)


def tensor_json(t):
    t = t.detach().contiguous()
    if t.dtype == torch.int64:
        return {"shape": list(t.shape), "dtype": "i64", "data": t.reshape(-1).tolist()}
    data = t.to(torch.float32).reshape(-1).numpy()
    assert np.all(np.isfinite(data))
    # The fewest digits that read back to the same float32 (numpy's repr of a float32).
    return {"shape": list(t.shape), "dtype": "f32", "data": [RawNumber(repr(v)) for v in data]}


class RawNumber(str):
    """A float32 already written in its shortest form."""


def dumps(value):
    """Compact JSON, one case per line, with RawNumber written as it is."""
    if isinstance(value, RawNumber):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dumps(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return json.dumps(value)


def case(name, layer_name, module, options, inputs, training):
    """inputs: name -> tensor, in forward's order; float inputs get gradients.
    Norm layers record the mode in options["training"], as layers.json does for batch norm."""
    # Random state (parameters and running statistics), as layers.json has.
    with torch.no_grad():
        for pname, p in module.named_parameters():
            p.uniform_(-0.5, 0.5)
        for bname, b in module.named_buffers():
            if bname == "running_mean":
                b.uniform_(-0.5, 0.5)
            elif bname == "running_var":
                b.uniform_(0.5, 1.5)
    module.train(training)
    state = {k: tensor_json(v) for k, v in module.state_dict().items()}
    leaves = {k: v.clone().requires_grad_(v.is_floating_point()) for k, v in inputs.items()}
    args = list(leaves.values())
    if isinstance(module, nn.LSTMCell) and len(args) == 3:
        args = [args[0], (args[1], args[2])]
    out = module(*args)
    if isinstance(module, (nn.RNNCell, nn.GRUCell)):
        outputs = {"h_1": out}
    elif isinstance(module, nn.LSTMCell):
        outputs = {"h_1": out[0], "c_1": out[1]}
    else:
        outputs = {"output": out}
    grad_outputs = {k: torch.randn_like(v) for k, v in outputs.items()}
    torch.autograd.backward(list(outputs.values()), list(grad_outputs.values()))
    grads = {k: v.grad for k, v in leaves.items() if v.requires_grad}
    grads.update({k: p.grad for k, p in module.named_parameters()})
    if layer_name.startswith("instance_norm"):
        options = dict(options, training=training)
    c = {
        "name": name,
        "layer": layer_name,
        "options": options,
        "state": state,
        "inputs": {k: tensor_json(v) for k, v in inputs.items()},
        "outputs": {k: tensor_json(v) for k, v in outputs.items()},
        "grad_outputs": {k: tensor_json(v) for k, v in grad_outputs.items()},
        "grads": {k: tensor_json(v) for k, v in grads.items()},
    }
    if any(True for _ in module.buffers()):
        c["state_after"] = {k: tensor_json(v) for k, v in module.named_buffers()}
    return c


def randn(name, *shape):
    g = torch.Generator().manual_seed(zlib.crc32(name.encode()) + 1)
    return torch.randn(*shape, generator=g)


def cases():
    out = []

    def add(name, layer_name, cls, options, shapes, training=True):
        torch.manual_seed(zlib.crc32(name.encode()))
        # PyTorch takes tuples where the JSON has lists (Upsample insists).
        module = cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in options.items()})
        inputs = {k: randn(name + k, *s) for k, s in shapes.items()}
        out.append(case(name, layer_name, module, options, inputs, training))

    # group_norm: (N, C, *), groups of C / num_groups channels.
    add("group_norm_g2_2x6x5", "group_norm", nn.GroupNorm,
        {"num_groups": 2, "num_channels": 6}, {"input": (2, 6, 5)})
    add("group_norm_g3_2x6x4x4", "group_norm", nn.GroupNorm,
        {"num_groups": 3, "num_channels": 6}, {"input": (2, 6, 4, 4)})
    add("group_norm_g1_eps0p001_3x4x3", "group_norm", nn.GroupNorm,
        {"num_groups": 1, "num_channels": 4, "eps": 1e-3}, {"input": (3, 4, 3)})
    add("group_norm_g3_no_affine_4x6", "group_norm", nn.GroupNorm,
        {"num_groups": 3, "num_channels": 6, "affine": False}, {"input": (4, 6)})

    # instance_norm1d/2d: defaults affine=False, track_running_stats=False.
    add("instance_norm1d_3x4x7", "instance_norm1d", nn.InstanceNorm1d,
        {"num_features": 4}, {"input": (3, 4, 7)})
    add("instance_norm1d_affine_3x4x7", "instance_norm1d", nn.InstanceNorm1d,
        {"num_features": 4, "affine": True}, {"input": (3, 4, 7)})
    add("instance_norm1d_affine_unbatched_4x7", "instance_norm1d", nn.InstanceNorm1d,
        {"num_features": 4, "affine": True}, {"input": (4, 7)})
    # Without weights or running statistics PyTorch takes any channel count.
    add("instance_norm1d_other_channels_2x5x6", "instance_norm1d", nn.InstanceNorm1d,
        {"num_features": 3}, {"input": (2, 5, 6)})
    add("instance_norm1d_track_running_stats_momentum0p2_train_3x4x7", "instance_norm1d",
        nn.InstanceNorm1d, {"num_features": 4, "momentum": 0.2, "track_running_stats": True},
        {"input": (3, 4, 7)})
    add("instance_norm1d_track_running_stats_eval_3x4x7", "instance_norm1d", nn.InstanceNorm1d,
        {"num_features": 4, "affine": True, "track_running_stats": True}, {"input": (3, 4, 7)},
        training=False)
    add("instance_norm1d_eval_3x4x7", "instance_norm1d", nn.InstanceNorm1d,
        {"num_features": 4, "affine": True}, {"input": (3, 4, 7)}, training=False)
    add("instance_norm2d_2x3x4x5", "instance_norm2d", nn.InstanceNorm2d,
        {"num_features": 3}, {"input": (2, 3, 4, 5)})
    add("instance_norm2d_affine_track_running_stats_train_2x3x4x5", "instance_norm2d",
        nn.InstanceNorm2d, {"num_features": 3, "affine": True, "track_running_stats": True},
        {"input": (2, 3, 4, 5)})
    add("instance_norm2d_affine_track_running_stats_eval_2x3x4x5", "instance_norm2d",
        nn.InstanceNorm2d, {"num_features": 3, "affine": True, "track_running_stats": True},
        {"input": (2, 3, 4, 5)}, training=False)
    add("instance_norm2d_affine_unbatched_3x4x5", "instance_norm2d", nn.InstanceNorm2d,
        {"num_features": 3, "affine": True}, {"input": (3, 4, 5)})

    # conv_transpose2d: weight (C_in, C_out / groups, kh, kw).
    ct = nn.ConvTranspose2d
    add("conv_transpose2d_k3_2x3x5x5", "conv_transpose2d", ct,
        {"in_channels": 3, "out_channels": 4, "kernel_size": 3}, {"input": (2, 3, 5, 5)})
    add("conv_transpose2d_k3_s2_p1_op1_2x3x4x4", "conv_transpose2d", ct,
        {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1,
         "output_padding": 1}, {"input": (2, 3, 4, 4)})
    add("conv_transpose2d_k3x2_s2x1_p1x0_op1x0_d1x2_2x3x4x5", "conv_transpose2d", ct,
        {"in_channels": 3, "out_channels": 2, "kernel_size": [3, 2], "stride": [2, 1],
         "padding": [1, 0], "output_padding": [1, 0], "dilation": [1, 2]},
        {"input": (2, 3, 4, 5)})
    add("conv_transpose2d_k3_p1_g2_no_bias_2x4x5x5", "conv_transpose2d", ct,
        {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "padding": 1, "groups": 2,
         "bias": False}, {"input": (2, 4, 5, 5)})
    add("conv_transpose2d_k3_d2_p2_op1_2x3x4x4", "conv_transpose2d", ct,
        {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "dilation": 2, "padding": 2,
         "output_padding": 1}, {"input": (2, 3, 4, 4)})
    # padding beyond dilation (k - 1): the spread input is cropped.
    add("conv_transpose2d_k2_s2_p2_2x3x5x5", "conv_transpose2d", ct,
        {"in_channels": 3, "out_channels": 2, "kernel_size": 2, "stride": 2, "padding": 2},
        {"input": (2, 3, 5, 5)})
    add("conv_transpose2d_k3_s3_g3_unbatched_3x3x4", "conv_transpose2d", ct,
        {"in_channels": 3, "out_channels": 6, "kernel_size": 3, "stride": 3, "groups": 3},
        {"input": (3, 3, 4)})

    # upsample (nearest): by 1 / scale_factor when one is given, by in / out for a size.
    up = nn.Upsample
    add("upsample_scale_factor2_2x3x4x5", "upsample", up, {"scale_factor": 2.0},
        {"input": (2, 3, 4, 5)})
    add("upsample_size7x9_2x3x4x5", "upsample", up, {"size": [7, 9]}, {"input": (2, 3, 4, 5)})
    add("upsample_size4_2x2x3x5", "upsample", up, {"size": 4}, {"input": (2, 2, 3, 5)})
    add("upsample_scale_factor1p5x2p5_2x2x4x5", "upsample", up, {"scale_factor": [1.5, 2.5]},
        {"input": (2, 2, 4, 5)})
    add("upsample_scale_factor0p7_2x3x5", "upsample", up, {"scale_factor": 0.7},
        {"input": (2, 3, 5)})
    add("upsample_size3_2x3x5", "upsample", up, {"size": 3}, {"input": (2, 3, 5)})
    add("upsample_scale_factor0p7_recompute_scale_factor_2x3x5", "upsample", up,
        {"scale_factor": 0.7, "recompute_scale_factor": True}, {"input": (2, 3, 5)})
    add("upsample_scale_factor3_1x2x3x2x2", "upsample", up, {"scale_factor": 3.0},
        {"input": (1, 2, 3, 2, 2)})

    add("identity_3x4", "identity", nn.Identity, {}, {"input": (3, 4)})
    add("unflatten_dim1_2x5_3x10", "unflatten", nn.Unflatten,
        {"dim": 1, "unflattened_size": [2, 5]}, {"input": (3, 10)})
    add("unflatten_dimm1_2xm1_3x4x6", "unflatten", nn.Unflatten,
        {"dim": -1, "unflattened_size": [2, -1]}, {"input": (3, 4, 6)})

    # The cells: input (N, in) or (in); h_0 (and c_0) optional.
    add("rnn_cell_with_state_3x4", "rnn_cell", nn.RNNCell, {"input_size": 4, "hidden_size": 5},
        {"input": (3, 4), "h_0": (3, 5)})
    add("rnn_cell_relu_3x4", "rnn_cell", nn.RNNCell,
        {"input_size": 4, "hidden_size": 5, "nonlinearity": "relu"}, {"input": (3, 4)})
    add("rnn_cell_no_bias_unbatched_with_state_4", "rnn_cell", nn.RNNCell,
        {"input_size": 4, "hidden_size": 5, "bias": False}, {"input": (4,), "h_0": (5,)})
    add("lstm_cell_with_state_3x4", "lstm_cell", nn.LSTMCell,
        {"input_size": 4, "hidden_size": 5}, {"input": (3, 4), "h_0": (3, 5), "c_0": (3, 5)})
    add("lstm_cell_3x4", "lstm_cell", nn.LSTMCell, {"input_size": 4, "hidden_size": 5},
        {"input": (3, 4)})
    add("lstm_cell_no_bias_unbatched_with_state_4", "lstm_cell", nn.LSTMCell,
        {"input_size": 4, "hidden_size": 5, "bias": False},
        {"input": (4,), "h_0": (5,), "c_0": (5,)})
    add("gru_cell_with_state_3x4", "gru_cell", nn.GRUCell, {"input_size": 4, "hidden_size": 5},
        {"input": (3, 4), "h_0": (3, 5)})
    add("gru_cell_3x4", "gru_cell", nn.GRUCell, {"input_size": 4, "hidden_size": 5},
        {"input": (3, 4)})
    add("gru_cell_no_bias_unbatched_with_state_4", "gru_cell", nn.GRUCell,
        {"input_size": 4, "hidden_size": 5, "bias": False}, {"input": (4,), "h_0": (5,)})
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "golden",
                                                              "layers_more.json")
    all_cases = cases()
    names = [c["name"] for c in all_cases]
    assert len(set(names)) == len(names), "case names must be unique"
    with open(path, "w") as f:
        f.write('{\n"format": "axon-golden-1",\n')
        f.write('"torch_version": %s,\n' % json.dumps(torch.__version__))
        f.write('"torch_package": "python3-torch 1.13.1+dfsg-4",\n"cases": [\n')
        f.write(",\n".join(dumps(c) for c in all_cases))
        f.write("\n]\n}\n")
    print("wrote %d cases to %s" % (len(all_cases), path))


if __name__ == "__main__":
    main()
