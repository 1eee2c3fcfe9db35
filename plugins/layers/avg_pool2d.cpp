// AvgPool2d, as torch.nn.AvgPool2d (pool_layer.h).
#include "pool_layer.h"

using AvgPool2d = axon::layers::Pool<2, false>;
AXON_REGISTER_LAYER("avg_pool2d", AvgPool2d, "2-D average pooling, x: (N, C, H, W)");
