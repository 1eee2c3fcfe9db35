// Conv1d, as torch.nn.Conv1d (conv_layer.h).
#include "conv_layer.h"

using Conv1d = axon::layers::Conv<1>;
AXON_REGISTER_LAYER("conv1d", Conv1d, "1-D convolution, x: (N, C_in, L)");
