// Upsample, as torch.nn.Upsample with mode "nearest" (the only mode here):
// each output element copies the input element at PyTorch's nearest index.
//   x (N, C, d1[, d2[, d3]]) -> (N, C, o1[, o2[, o3]]),
//   o_i = size_i, or floor(d_i * scale_factor_i)
// size and scale_factor take one value for every spatial dim, or one per dim.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace {

using axon::OptionType;
using axon::Tensor;

// PyTorch's nearest source index (upsample_nearest, "nearest_idx"), for
// output positions 0..out-1: src = min(floor(dst * scale), in - 1) in float32,
// with scale = 1 / scale_factor where one is given, and in / out otherwise
// (the two differ: 5 -> 3 by scale_factor 0.7 reads 0, 1, 2, by size 3 reads 0, 1, 3);
// out = in and out = 2 in are exact (dst and dst / 2).
Tensor nearest_indices(int64_t in, int64_t out, std::optional<double> scale_factor,
                       axon::Device& device) {
  std::vector<int64_t> src(out);
  const float scale = scale_factor ? static_cast<float>(1.0 / *scale_factor)
                                   : static_cast<float>(in) / static_cast<float>(out);
  for (int64_t dst = 0; dst < out; ++dst) {
    if (out == 2 * in)
      src[dst] = dst / 2;
    else
      src[dst] =
          std::min(static_cast<int64_t>(std::floor(static_cast<float>(dst) * scale)), in - 1);
  }
  return axon::from_vector(src, {out}, axon::TensorOptions(axon::DType::i64).device(device));
}

// A number as Python's repr writes a float: 2.0, 1.5, 1e-05.
std::string python_float(double x) {
  std::string s = fmt::format("{}", x);
  return s.find_first_of(".einf") == std::string::npos ? s + ".0" : s;
}

class Upsample : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"size", OptionType::integer_list, std::monostate{}, "output spatial size"},
        {"scale_factor", OptionType::number_list, std::monostate{}, "multiplier of the size"},
        {"mode", OptionType::string, std::string("nearest"), "interpolation (nearest only)"},
        {"recompute_scale_factor", OptionType::boolean, std::monostate{},
         "index by input / output size instead of 1 / scale_factor"},
    };
  }

  explicit Upsample(const axon::Options& o)
      : recompute_(o.get<std::optional<bool>>("recompute_scale_factor").value_or(false)) {
    AXON_CHECK(o.is_set("size") || o.is_set("scale_factor"),
               "upsample: either size or scale_factor should be defined");
    AXON_CHECK(!(o.is_set("size") && o.is_set("scale_factor")),
               "upsample: only one of size or scale_factor should be defined");
    auto mode = o.get<std::string>("mode");
    AXON_CHECK(mode == "nearest", "upsample: mode '{}' is not supported (known: nearest)", mode);
    if (o.is_set("size")) {
      size_ = o.get<std::vector<int64_t>>("size");
      AXON_CHECK(!recompute_,
                 "upsample: recompute_scale_factor is not meaningful with an "
                 "explicit size");
      AXON_CHECK(std::all_of(size_.begin(), size_.end(), [](int64_t s) { return s > 0; }),
                 "upsample: size must be positive, got {}", size_);
    } else {
      scale_ = o.get<std::vector<double>>("scale_factor");
      AXON_CHECK(std::all_of(scale_.begin(), scale_.end(), [](double s) { return s > 0; }),
                 "upsample: scale_factor must be positive, got {}", scale_);
    }
  }

  Tensor forward(const Tensor& x) override {
    AXON_CHECK(x.dim() >= 3 && x.dim() <= 5,
               "upsample: expected 3-D, 4-D or 5-D input (N, C, d1[, d2[, d3]]), got {}",
               axon::shape_str(x.shape()));
    const size_t spatial = x.dim() - 2;
    const size_t given = size_.empty() ? scale_.size() : size_.size();
    AXON_CHECK(given == 1 || given == spatial,
               "upsample: {} expects 1 or {} values for input {} ({} spatial dims), got {}",
               size_.empty() ? "scale_factor" : "size", spatial, axon::shape_str(x.shape()),
               spatial, size_.empty() ? fmt::format("{}", scale_) : fmt::format("{}", size_));
    Tensor y = x;
    for (size_t i = 0; i < spatial; ++i) {
      const int64_t dim = static_cast<int64_t>(i) + 2, in = x.size(dim);
      const size_t k = given == 1 ? 0 : i;
      std::optional<double> scale;
      int64_t out = 0;
      if (size_.empty()) {
        out = static_cast<int64_t>(std::floor(static_cast<double>(in) * scale_[k]));
        if (!recompute_) scale = scale_[k];
      } else {
        out = size_[k];
      }
      AXON_CHECK(out > 0, "upsample: output sizes must be greater than 0, got {} for dim {} of {}",
                 out, dim, axon::shape_str(x.shape()));
      if (out != in) y = axon::index_select(y, dim, nearest_indices(in, out, scale, x.device()));
    }
    return y;
  }

  // As PyTorch: one value as a scalar, several as a tuple; mode without quotes.
  std::string describe() const override {
    auto shown = [](const std::vector<std::string>& v) {
      return v.size() == 1 ? v[0] : fmt::format("({})", fmt::join(v, ", "));
    };
    std::vector<std::string> values;
    for (int64_t s : size_) values.push_back(std::to_string(s));
    for (double s : scale_) values.push_back(python_float(s));
    return fmt::format("Upsample({}={}, mode=nearest)", size_.empty() ? "scale_factor" : "size",
                       shown(values));
  }

 private:
  std::vector<int64_t> size_;
  std::vector<double> scale_;
  bool recompute_;
};

}  // namespace

AXON_REGISTER_LAYER("upsample", Upsample, "nearest-neighbour upsampling of (N, C, *spatial)");
