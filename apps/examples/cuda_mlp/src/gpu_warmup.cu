// The first CUDA call of a process creates its context, which takes 100 ms or
// more: launching an empty kernel before training keeps that out of the first
// epoch's time.
#include <cuda_runtime.h>

#include <cstdio>

#include "gpu_warmup.h"

namespace {

__global__ void touch(int* flag) { *flag = 1; }

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(status));
}

}  // namespace

void gpu_warmup() {
  int* flag = nullptr;
  check(cudaMalloc(&flag, sizeof(int)), "cudaMalloc");
  touch<<<1, 1>>>(flag);
  check(cudaDeviceSynchronize(), "warm-up kernel");
  check(cudaFree(flag), "cudaFree");
  size_t free_bytes = 0, total_bytes = 0;
  check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
  std::printf("GPU memory: %zu MiB free of %zu MiB\n", free_bytes >> 20, total_bytes >> 20);
}
