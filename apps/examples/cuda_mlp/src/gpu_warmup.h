// Built only with AXON_WITH_CUDA: see gpu_warmup.cu.
#pragma once

// Creates the CUDA context on the current GPU and prints its free memory.
void gpu_warmup();
