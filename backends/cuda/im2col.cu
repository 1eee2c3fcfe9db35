// im2col and col2im kernels (im2col.h), one thread per element written.
#include "im2col.h"
#include "launch.cuh"

namespace axon::cuda {

template <class T>
void im2col(const CudaDevice& device, const ConvGeometry& geometry, const T* x, int64_t samples,
            T* col) {
  const ConvGeometry g = geometry;
  for_each(device, samples * g.c * g.kh * g.kw * g.oh * g.ow, [=] __device__(int64_t at) {
    int64_t t = at;
    const int64_t q = t % g.ow;
    t /= g.ow;
    const int64_t p = t % g.oh;
    t /= g.oh;
    const int64_t j = t % g.kw;
    t /= g.kw;
    const int64_t i = t % g.kh;
    const int64_t plane = t / g.kh;  // s * C + c
    const int64_t ih = p * g.sh - g.ph + i * g.dh, iw = q * g.sw - g.pw + j * g.dw;
    col[at] = ih >= 0 && ih < g.h && iw >= 0 && iw < g.w ? x[(plane * g.h + ih) * g.w + iw] : T(0);
  });
}

// x[s][c][ih][iw] was read by (i, j, p, q) with ih = p sh - ph + i dh and
// iw = q sw - pw + j dw: for each (i, j) at most one (p, q).
template <class T>
void col2im(const CudaDevice& device, const ConvGeometry& geometry, const T* col, int64_t samples,
            T* dx) {
  const ConvGeometry g = geometry;
  for_each(device, samples * g.c * g.h * g.w, [=] __device__(int64_t at) {
    const int64_t iw = at % g.w, ih = at / g.w % g.h, plane = at / (g.w * g.h);  // s * C + c
    const T* rows = col + plane * g.kh * g.kw * g.oh * g.ow;
    T total = 0;
    for (int64_t i = 0; i < g.kh; ++i) {
      const int64_t rh = ih + g.ph - i * g.dh;  // p sh
      if (rh < 0 || rh % g.sh != 0 || rh / g.sh >= g.oh) continue;
      for (int64_t j = 0; j < g.kw; ++j) {
        const int64_t rw = iw + g.pw - j * g.dw;  // q sw
        if (rw < 0 || rw % g.sw != 0 || rw / g.sw >= g.ow) continue;
        total += rows[((i * g.kw + j) * g.oh + rh / g.sh) * g.ow + rw / g.sw];
      }
    }
    dx[at] = total;
  });
}

template void im2col<float>(const CudaDevice&, const ConvGeometry&, const float*, int64_t, float*);
template void im2col<double>(const CudaDevice&, const ConvGeometry&, const double*, int64_t,
                             double*);
template void col2im<float>(const CudaDevice&, const ConvGeometry&, const float*, int64_t, float*);
template void col2im<double>(const CudaDevice&, const ConvGeometry&, const double*, int64_t,
                             double*);

}  // namespace axon::cuda
