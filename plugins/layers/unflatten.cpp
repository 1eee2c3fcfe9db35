// Unflatten, as torch.nn.Unflatten: splits dim `dim` into unflattened_size
// (one entry may be -1, inferred), the inverse of flatten.
//   x: (N, 10) -> (N, 2, 5) with dim=1, unflattened_size=(2, 5)
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace {

using axon::OptionType;

class Unflatten : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"dim", OptionType::integer, std::monostate{}, "the dim to split"},
        {"unflattened_size", OptionType::integer_list, std::monostate{},
         "the sizes it is split into (one may be -1)"},
    };
  }

  explicit Unflatten(const axon::Options& o) {
    AXON_CHECK(o.is_set("dim"), "unflatten: missing required option 'dim'");
    AXON_CHECK(o.is_set("unflattened_size"),
               "unflatten: missing required option 'unflattened_size'");
    dim_ = o.get<int64_t>("dim");
    sizes_ = o.get<axon::Shape>("unflattened_size");
    AXON_CHECK(!sizes_.empty(), "unflatten: unflattened_size must be non-empty");
    bool valid = std::all_of(sizes_.begin(), sizes_.end(), [](int64_t s) { return s >= -1; });
    AXON_CHECK(valid && std::count(sizes_.begin(), sizes_.end(), -1) <= 1,
               "unflatten: expected sizes of at least 0 in unflattened_size, with at most one -1 "
               "(inferred), got {}",
               sizes_);
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    int64_t dim = axon::wrap_dim(dim_, x.dim(), "unflatten");
    axon::Shape sizes = sizes_;
    auto inferred = std::find(sizes.begin(), sizes.end(), -1);
    int64_t known = 1;
    for (int64_t s : sizes) known *= s == -1 ? 1 : s;
    if (inferred != sizes.end() && known > 0 && x.size(dim) % known == 0)
      *inferred = x.size(dim) / known;
    int64_t product = 1;
    for (int64_t s : sizes) product *= s;
    AXON_CHECK(product == x.size(dim),
               "unflatten: provided sizes {} don't multiply up to the size of dim {} ({}) in the "
               "input tensor of shape {}",
               sizes_, dim_, x.size(dim), axon::shape_str(x.shape()));
    axon::Shape shape = x.shape();
    shape.erase(shape.begin() + dim);
    shape.insert(shape.begin() + dim, sizes.begin(), sizes.end());
    return x.reshape(shape);
  }

  // PyTorch prints the sizes as given; axon as a tuple: (2, 5), or (10,).
  std::string describe() const override {
    return fmt::format("Unflatten(dim={}, unflattened_size=({}{}))", dim_, fmt::join(sizes_, ", "),
                       sizes_.size() == 1 ? "," : "");
  }

 private:
  int64_t dim_ = 0;
  axon::Shape sizes_;
};

}  // namespace

AXON_REGISTER_LAYER("unflatten", Unflatten, "splits one dim into several (inverse of flatten)");
