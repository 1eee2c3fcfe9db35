// BatchNorm2d: batch normalization of (N, C, H, W) (see batch_norm.h).
#include "batch_norm.h"

namespace {

class BatchNorm2d : public axon::batch_norm::BatchNorm {
 public:
  static axon::OptionSchema options() { return axon::batch_norm::options(); }
  explicit BatchNorm2d(const axon::Options& o)
      : BatchNorm(o, {"batch_norm2d", "BatchNorm2d", {4}, "(N, C, H, W)"}) {}
};

}  // namespace

AXON_REGISTER_LAYER("batch_norm2d", BatchNorm2d, "normalizes each channel of (N, C, H, W)");
