// MaxPool1d, as torch.nn.MaxPool1d (pool_layer.h).
#include "pool_layer.h"

using MaxPool1d = axon::layers::Pool<1, true>;
AXON_REGISTER_LAYER("max_pool1d", MaxPool1d, "1-D maximum pooling, x: (N, C, L)");
