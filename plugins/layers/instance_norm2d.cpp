// InstanceNorm2d: instance normalization of (N, C, H, W) or (C, H, W) (see instance_norm.h).
#include "instance_norm.h"

namespace {

class InstanceNorm2d : public axon::instance_norm::InstanceNorm {
 public:
  static axon::OptionSchema options() { return axon::instance_norm::options(); }
  explicit InstanceNorm2d(const axon::Options& o)
      : InstanceNorm(o, {"instance_norm2d", "InstanceNorm2d", 2, "(N, C, H, W) or (C, H, W)"}) {}
};

}  // namespace

AXON_REGISTER_LAYER("instance_norm2d", InstanceNorm2d,
                    "normalizes each channel of each sample of (N, C, H, W)");
