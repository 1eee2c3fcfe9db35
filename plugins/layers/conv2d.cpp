// Conv2d, as torch.nn.Conv2d (conv_layer.h).
#include "conv_layer.h"

using Conv2d = axon::layers::Conv<2>;
AXON_REGISTER_LAYER("conv2d", Conv2d, "2-D convolution, x: (N, C_in, H, W)");
