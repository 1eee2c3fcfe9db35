#!/usr/bin/python3
"""The course's Fashion-MNIST networks in PyTorch, the same steps as course_bench.

Each net with its example's recipe (apps/common/*_recipe.h):
  mlp    784-500-10 ReLU, Adam 1e-3, batch 100
  cnn    2x (conv 5x5 pad 2, ReLU, max-pool 2), Linear(32*7*7, 10), Adam 1e-3, batch 50
  lenet  sigmoid LeNet (no padding, 16*4*4 -> 120 -> 84 -> 10), Xavier-uniform
         weights and PyTorch's default biases, SGD 0.9, batch 32
  rnn, lstm, gru  one layer of 128 over the 28 rows, Linear(128, 10) on the
         last step, Adam 1e-3, batch 100
The other layers keep PyTorch's default init, which axon's layers copy. The
data is in memory as f32 in [0, 1]; batches index it with a shuffled
permutation, as axon's DataLoader takes them (torch's DataLoader would add
per-example Python calls and time something else than the framework).

Timing (default): --warmup untimed steps, then --steps timed ones; prints
"ms_per_step" and "samples_per_s" lines like course_bench. Accuracy
(--train-epochs E): E full epochs, the test accuracy after each. LeNet's
after 3 epochs depends much on the seed, as the sigmoid net sits at chance
for up to two epochs: 0.806 0.836 0.682 0.771 0.793 0.737 0.799 0.805 0.798
0.735 for seeds 0-9 (axon's lenet: 0.801 0.100 0.803 0.833 0.802 0.823 0.344
0.712 0.818 0.796).

PyTorch's fastest set-up on the 2-core development VM (PyTorch 1.13 from
Debian; ms per step, the best of 2-3 runs), which compare_course.sh uses:
- the OpenMP build of OpenBLAS (LD_LIBRARY_PATH), not Debian's default
  pthread one, which adds its own threads to PyTorch's two: mlp 3.6 vs 9.1,
  lenet 2.5 vs 7.9, cnn 11.6 vs 11.8 to 19.7, lstm 20 vs 76. OPENBLAS_CORETYPE
  =SkylakeX against VMs that hide AVX-512 (its effect here is within the noise);
- oneDNN (mkldnn) on: cnn 11.6 vs 19.5 off; lenet 2.5 vs 2.8 (2.6 with one
  thread);
- channels_last weights for cnn only: cnn 9.9 vs 11.6, lenet 3.0 vs 2.5.
"""
import argparse
import gzip
import time
from typing import Callable, NamedTuple

import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * d:8 + 4 * d], "big") for d in range(ndims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndims).reshape(shape)


def load(folder, split):
    """Images as (n, 784) f32 in [0, 1] and labels as i64."""
    images = read_idx(f"{folder}/{split}-images-idx3-ubyte.gz")
    labels = read_idx(f"{folder}/{split}-labels-idx1-ubyte.gz")
    x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2))

        self.conv1, self.conv2 = block(1, 16), block(16, 32)
        self.out = nn.Linear(32 * 7 * 7, 10)

    def forward(self, x):
        return self.out(self.conv2(self.conv1(x)).flatten(1))


def lenet():
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))
    for layer in net:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(layer.weight)
    return net


class RnnClassifier(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(28, 128, 1, batch_first=True)
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        return self.out(self.rnn(x)[0][:, -1])


def adam(net):
    return torch.optim.Adam(net.parameters(), lr=1e-3)


def sgd_09(net):
    return torch.optim.SGD(net.parameters(), lr=0.9)


class Recipe(NamedTuple):
    make_net: Callable
    shape: tuple  # of an example as the net takes it
    make_optimizer: Callable
    batch_size: int
    steps: int  # timed by default, the same as course_bench's
    # The faster memory format for oneDNN's convolutions (--memory-format best).
    channels_last: bool = False


RECIPES = {
    "mlp": Recipe(lambda: nn.Sequential(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 10)),
                  (784,), adam, 100, 3000),
    "cnn": Recipe(Cnn, (1, 28, 28), adam, 50, 600, channels_last=True),
    "lenet": Recipe(lenet, (1, 28, 28), sgd_09, 32, 3750),
    "rnn": Recipe(lambda: RnnClassifier(nn.RNN), (28, 28), adam, 100, 1000),
    "lstm": Recipe(lambda: RnnClassifier(nn.LSTM), (28, 28), adam, 100, 300),
    "gru": Recipe(lambda: RnnClassifier(nn.GRU), (28, 28), adam, 100, 500),
}


def batches(x, y, batch_size, generator):
    """The training set's shuffled batches without end, a new permutation per epoch."""
    while True:
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), batch_size):
            index = order[start:start + batch_size]
            yield x[index], y[index]


def step(net, batch, criterion, optimizer, device):
    """One training step; the batch moves to the device here, as axon's loader moves it."""
    x, y = batch[0].to(device), batch[1].to(device)
    optimizer.zero_grad()
    loss = criterion(net(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def accuracy(net, x, y, device):
    net.eval()
    with torch.no_grad():
        correct = sum((net(x[s:s + 1000].to(device)).argmax(1).cpu() == y[s:s + 1000]).sum().item()
                      for s in range(0, len(x), 1000))
    net.train()
    return correct / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--net", required=True, choices=sorted(RECIPES))
    parser.add_argument("--steps", type=int, default=0, help="steps to time (0: the net's default)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--train-epochs", type=int, default=0,
                        help="train this many epochs and print the test accuracy instead")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--mkldnn", choices=["on", "off"], default="on",
                        help="oneDNN convolutions (off: im2col and OpenBLAS)")
    parser.add_argument("--memory-format", choices=["best", "contiguous", "channels_last"],
                        default="best", help="of the conv nets' weights (best: the net's faster)")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="cpu", help="cpu or cuda[:N]")
    args = parser.parse_args()

    recipe = RECIPES[args.net]
    batch_size, steps = recipe.batch_size, args.steps or recipe.steps
    channels_last = args.memory_format == "channels_last" or (
        args.memory_format == "best" and recipe.channels_last)
    torch.set_num_threads(args.threads)
    torch.backends.mkldnn.enabled = args.mkldnn == "on"
    # On a GPU, cuDNN's autotuner picks the fastest convolution algorithms.
    torch.backends.cudnn.benchmark = True
    torch.manual_seed(args.seed)
    train_x, train_y = load(args.data, "train")
    train_x = train_x.view(-1, *recipe.shape)
    net = recipe.make_net().to(args.device)
    if channels_last:
        # The images have one channel: their layout is channels-last already.
        net = net.to(memory_format=torch.channels_last)
    optimizer = recipe.make_optimizer(net)
    criterion = nn.CrossEntropyLoss()
    stream = batches(train_x, train_y, batch_size, torch.Generator().manual_seed(args.seed))
    net.train()

    if args.train_epochs:
        test_x, test_y = load(args.data, "t10k")
        test_x = test_x.view(-1, *recipe.shape)
        epoch_steps = (len(train_x) + batch_size - 1) // batch_size
        for epoch in range(1, args.train_epochs + 1):
            loss = sum(step(net, next(stream), criterion, optimizer, args.device)
                       for _ in range(epoch_steps)) / epoch_steps
            print(f"[epoch {epoch}] loss {loss:.4f} test_accuracy "
                  f"{accuracy(net, test_x, test_y, args.device):.4f}", flush=True)
        return

    print(f"torch {args.net}: torch {torch.__version__}, device {args.device}, "
          f"threads {torch.get_num_threads()}, "
          f"mkldnn {args.mkldnn}, channels_last {channels_last}, batch {batch_size}, "
          f"{steps} steps after {args.warmup} warm-up")
    for _ in range(args.warmup):
        step(net, next(stream), criterion, optimizer, args.device)
    start = time.perf_counter()
    loss = sum(step(net, next(stream), criterion, optimizer, args.device) for _ in range(steps))
    elapsed = time.perf_counter() - start
    print(f"steps {steps}")
    print(f"mean_loss {loss / steps:.4f}")
    print(f"seconds {elapsed:.3f}")
    print(f"ms_per_step {1e3 * elapsed / steps:.3f}")
    print(f"samples_per_s {steps * batch_size / elapsed:.0f}")


if __name__ == "__main__":
    main()
