#!/usr/bin/python3
"""The course's inference.py in PyTorch, on a model that mlp2d_train saved.

Shows that axon's checkpoints load into the PyTorch network of the notes
(network.py's MLP: n_hidden, out) with load_state_dict. Debian's python3-torch
has no safetensors package, so the file is read by hand, as the format defines
it: u64 little-endian header length, JSON header, raw little-endian data.

    mlp2d_torch_infer.py MODEL X0 X1     # prints the softmax probabilities of (X0, X1)
"""
import json
import struct
import sys

import torch
import torch.nn as nn

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "U8": torch.uint8,
          "BOOL": torch.bool}


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    header.pop("__metadata__", None)
    data = bytearray(raw[8 + length:])
    state = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        if end > begin:
            flat = torch.frombuffer(data[begin:end], dtype=dtype)
        else:
            flat = torch.empty(0, dtype=dtype)
        state[name] = flat.reshape(entry["shape"]).clone()
    return state


class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.n_hidden = nn.Linear(2, 4)
        self.out = nn.Linear(4, 3)

    def forward(self, x):
        return self.out(torch.relu(self.n_hidden(x)))


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    net = MLP()
    net.load_state_dict(load_safetensors(sys.argv[1]))
    net.eval()
    x = torch.tensor([[float(sys.argv[2]), float(sys.argv[3])]])
    with torch.no_grad():
        outputs = net(x)
    probabilities = torch.softmax(outputs, dim=1)[0].tolist()
    print("probabilities [" + ", ".join(f"{p:.4f}" for p in probabilities) + "]")
    print(f"predicted class {int(outputs.argmax(dim=1))}")


if __name__ == "__main__":
    main()
