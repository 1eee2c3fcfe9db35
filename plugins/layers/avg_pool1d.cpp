// AvgPool1d, as torch.nn.AvgPool1d (pool_layer.h).
#include "pool_layer.h"

using AvgPool1d = axon::layers::Pool<1, false>;
AXON_REGISTER_LAYER("avg_pool1d", AvgPool1d, "1-D average pooling, x: (N, C, L)");
