// MaxPool2d, as torch.nn.MaxPool2d (pool_layer.h).
#include "pool_layer.h"

using MaxPool2d = axon::layers::Pool<2, true>;
AXON_REGISTER_LAYER("max_pool2d", MaxPool2d, "2-D maximum pooling, x: (N, C, H, W)");
