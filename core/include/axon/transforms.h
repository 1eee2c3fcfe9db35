// Transforms of a batch of inputs, torchvision's set applied per batch
// (LoaderOptions::transform): written with the ops API, so they run on the
// loader's device. The random ones draw from their own Philox stream, seeded
// at construction: the same seed gives the same augmentations on every run and
// every device. Copies of a random transform share that stream.
//   auto t = compose({scale(), normalize({0.2860}, {0.3530}), flatten()});
#pragma once

#include <axon/data.h>

#include <cstdint>
#include <vector>

namespace axon::data::transforms {

// Applies the transforms in order.
Transform compose(std::vector<Transform> transforms);

// x -> f32 x / divisor. The default maps u8 pixels to [0, 1], as ToTensor does.
Transform scale(double divisor = 255.0);

// (N, C, *) floating -> (x - mean[c]) / stddev[c], as torchvision's
// Normalize; a single mean and stddev apply to every channel.
Transform normalize(std::vector<double> mean, std::vector<double> stddev);

// (N, *) -> (N, prod(*)): images to the vectors an MLP takes.
Transform flatten();

// (N, *, W): each example reversed along its last dim with probability p.
Transform random_horizontal_flip(uint64_t seed, double p = 0.5);

// (N, *, H, W) -> (N, *, size, size): each example zero-padded by `padding`
// on every side of H and W, then cut to a size x size window at a random
// place (torchvision's RandomCrop(size, padding)).
Transform random_crop(int64_t size, int64_t padding, uint64_t seed);

}  // namespace axon::data::transforms
