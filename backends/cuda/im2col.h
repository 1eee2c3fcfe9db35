// im2col and col2im for conv.cpp's own convolution path (im2col + cuBLAS
// gemm, as the cpu backend does). Usable from .cpp and .cu files: nothing
// here includes fmt.
//   x (N, C, H, W), w (O, C / g, kh, kw), y (N, O, Ho, Wo)
#pragma once

#include "device.h"

#include <cstdint>

namespace axon::cuda {

struct ConvGeometry {
  int64_t n, c, h, w;  // input
  int64_t o, kh, kw;   // weight
  int64_t oh, ow;      // output
  int64_t sh, sw, ph, pw, dh, dw, groups;
  int64_t cg() const { return c / groups; }
  int64_t og() const { return o / groups; }
  int64_t rows() const { return cg() * kh * kw; }  // of one group's col
  int64_t cols() const { return oh * ow; }
};

// col (samples, C * kh * kw, Ho * Wo) from x (samples, C, H, W):
//   col[s][(c, i, j)][(p, q)] = x[s][c][p sh - ph + i dh][q sw - pw + j dw], 0 in the padding.
// Group g's (rows(), cols()) matrix of sample s starts at (s * groups + g) * rows() * cols().
template <class T>
void im2col(const CudaDevice& device, const ConvGeometry& g, const T* x, int64_t samples, T* col);

// The adjoint: dx (samples, C, H, W) = the sum of the col entries that read
// each position. Overwrites dx; one thread per dx element gathers, so there
// are no atomics and the order of the sum is the cpu's col2im order.
template <class T>
void col2im(const CudaDevice& device, const ConvGeometry& g, const T* col, int64_t samples, T* dx);

}  // namespace axon::cuda
