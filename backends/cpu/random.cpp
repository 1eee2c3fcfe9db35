// uniform (alpha = low, beta = high), normal (alpha = mean, beta = std) and
// bernoulli (alpha = p): out[0] contiguous f32/f64, element i drawn from
// Philox block counter + i / 4, lane i % 4 (axon/philox.h), so every device
// gives the same numbers for a seed. Elements are independent: parallel.
#include "dtype_dispatch.h"
#include "parallel.h"

#include <axon/philox.h>
#include <axon/plugin.h>

namespace axon::cpu {
namespace {

// draw(seed, counter, i, alpha, beta) -> double.
template <class Draw>
void add_random(Registrar& r, const char* name, Draw draw) {
  r.add_kernel(name, "cpu", [name, draw](const KernelArgs& args) {
    const TensorArg& out = args.out[0];
    AXON_ASSERT(out.is_contiguous(), "{}: expected a contiguous output, got strides {}", name,
                out.strides);
    dispatch(Floating{}, out.dtype, name, [&](auto tag) {
      using T = decltype(tag);
      T* dst = out.data<T>();
      const int64_t n = out.numel();
      const uint64_t seed = args.seed, counter = args.counter;
      const double alpha = args.alpha, beta = args.beta;
      parallel_for(n, n, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
          dst[i] = static_cast<T>(draw(seed, counter, i, alpha, beta));
        }
      });
    });
  });
}

void register_random(Registrar& r) {
  add_random(r, "uniform", philox::uniform_at);
  add_random(r, "normal", philox::normal_at);
  add_random(r, "bernoulli", [](uint64_t seed, uint64_t counter, int64_t i, double p, double) {
    return philox::bernoulli_at(seed, counter, i, p);
  });
}

}  // namespace

AXON_REGISTER(register_random);

}  // namespace axon::cpu
