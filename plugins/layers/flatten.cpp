// Flatten: merges dims start_dim..end_dim into one, as torch.nn.Flatten.
//   x: (N, C, H, W) -> (N, C*H*W) with the defaults start_dim=1, end_dim=-1
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

class Flatten : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"start_dim", OptionType::integer, int64_t{1}, "first dim to flatten"},
        {"end_dim", OptionType::integer, int64_t{-1}, "last dim to flatten"},
    };
  }

  explicit Flatten(const axon::Options& o)
      : start_dim_(o.get<int64_t>("start_dim")), end_dim_(o.get<int64_t>("end_dim")) {}

  axon::Tensor forward(const axon::Tensor& x) override { return x.flatten(start_dim_, end_dim_); }

  std::string describe() const override {
    return fmt::format("Flatten(start_dim={}, end_dim={})", start_dim_, end_dim_);
  }

 private:
  int64_t start_dim_;
  int64_t end_dim_;
};

}  // namespace

AXON_REGISTER_LAYER("flatten", Flatten, "merges dims start_dim..end_dim into one");
