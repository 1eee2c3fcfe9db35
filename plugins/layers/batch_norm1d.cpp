// BatchNorm1d: batch normalization of (N, C) or (N, C, L) (see batch_norm.h).
#include "batch_norm.h"

namespace {

class BatchNorm1d : public axon::batch_norm::BatchNorm {
 public:
  static axon::OptionSchema options() { return axon::batch_norm::options(); }
  explicit BatchNorm1d(const axon::Options& o)
      : BatchNorm(o, {"batch_norm1d", "BatchNorm1d", {2, 3}, "(N, C) or (N, C, L)"}) {}
};

}  // namespace

AXON_REGISTER_LAYER("batch_norm1d", BatchNorm1d, "normalizes each channel of (N, C[, L])");
