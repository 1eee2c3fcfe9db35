// InstanceNorm1d: instance normalization of (N, C, L) or (C, L) (see instance_norm.h).
#include "instance_norm.h"

namespace {

class InstanceNorm1d : public axon::instance_norm::InstanceNorm {
 public:
  static axon::OptionSchema options() { return axon::instance_norm::options(); }
  explicit InstanceNorm1d(const axon::Options& o)
      : InstanceNorm(o, {"instance_norm1d", "InstanceNorm1d", 1, "(N, C, L) or (C, L)"}) {}
};

}  // namespace

AXON_REGISTER_LAYER("instance_norm1d", InstanceNorm1d,
                    "normalizes each channel of each sample of (N, C, L)");
