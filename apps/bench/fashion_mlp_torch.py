#!/usr/bin/python3
"""The course's Fashion-MNIST MLP in PyTorch, the same loop as fashion_mlp_bench.

784-500-10 with ReLU, Adam 1e-3, batch 100, the data in memory as f32 in [0, 1].
Batches are taken by indexing the in-memory tensors with a shuffled permutation,
as axon's DataLoader does (torch's DataLoader would add per-example Python calls
and time something else than the framework).
"""
import argparse
import gzip
import time

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
    images = read_idx(f"{folder}/{split}-images-idx3-ubyte.gz")
    labels = read_idx(f"{folder}/{split}-labels-idx1-ubyte.gz")
    x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


def train_epoch(net, x, y, criterion, optimizer, generator):
    net.train()
    order = torch.randperm(len(x), generator=generator)
    running_loss, batches = 0.0, 0
    for start in range(0, len(x), 100):
        index = order[start:start + 100]
        optimizer.zero_grad()
        loss = criterion(net(x[index]), y[index])
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        batches += 1
    return running_loss / batches


def accuracy(net, x, y):
    net.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(x), 100):
            predicted = net(x[start:start + 100]).argmax(dim=1)
            correct += (predicted == y[start:start + 100]).sum().item()
    return correct / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    print(f"torch fashion_mlp: torch {torch.__version__}, threads {torch.get_num_threads()}")
    train_x, train_y = load(args.data, "train")
    test_x, test_y = load(args.data, "t10k")
    net = nn.Sequential(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 10))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)

    total = 0.0
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        loss = train_epoch(net, train_x, train_y, criterion, optimizer, generator)
        elapsed = time.perf_counter() - start
        total += elapsed
        print(f"epoch {epoch}: {elapsed:.3f} s, loss {loss:.4f}")
    print(f"seconds_per_epoch {total / args.epochs:.3f}")
    print(f"test_accuracy {accuracy(net, test_x, test_y):.4f}")


if __name__ == "__main__":
    main()
