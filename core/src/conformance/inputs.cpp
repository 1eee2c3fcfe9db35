// CaseInputs and the layouts and helpers the case files share.
#include <axon/dispatcher.h>
#include <axon/error.h>
#include <fmt/format.h>

#include "conformance/families.h"

namespace axon {
namespace {

// Uniform in [0, 1) from 53 random bits: the same numbers with every standard
// library (std::uniform_real_distribution is implementation-defined).
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Host values drawn as `values` says, on the cpu.
Tensor draw(std::mt19937_64& rng, const Shape& shape, const Values& values) {
  const auto n = static_cast<size_t>(numel(shape));
  if (values.dtype == DType::boolean) {
    std::vector<bool> bits(n);
    for (size_t i = 0; i < n; ++i) bits[i] = (rng() & 1) != 0;
    return from_vector(bits, shape);
  }
  if (values.whole || !is_floating(values.dtype)) {
    const auto low = static_cast<int64_t>(values.low);
    const auto span = static_cast<uint64_t>(static_cast<int64_t>(values.high) - low);
    AXON_CHECK(span > 0, "conformance: empty integer range [{}, {})", values.low, values.high);
    std::vector<int64_t> ints(n);
    for (size_t i = 0; i < n; ++i) ints[i] = low + static_cast<int64_t>(rng() % span);
    return from_vector(ints, shape, TensorOptions(values.dtype));
  }
  std::vector<float> reals(n);
  for (size_t i = 0; i < n; ++i)
    reals[i] = static_cast<float>(values.low + (values.high - values.low) * unit(rng));
  return from_vector(reals, shape, TensorOptions(values.dtype));
}

}  // namespace

CaseInputs::CaseInputs(Device& device, uint64_t seed, bool grad)
    : device_(&device), grad_(grad), rng_(seed) {}

Tensor CaseInputs::input(const Shape& shape, const Values& values) {
  Tensor t = constant(shape, values);
  if (grad_ && is_floating(t.dtype())) leaves_.push_back(t.requires_grad_(true));
  return t;
}

Tensor CaseInputs::constant(const Shape& shape, const Values& values) {
  return draw(rng_, shape, values).to(*device_);
}

namespace conformance {

const std::vector<Layout>& unary_layouts() {
  static const std::vector<Layout> layouts = {
      {"0-d", {}},
      {"1 element", {1}},
      {"7x13", {7, 13}},
      {"7x13 transposed", {7, 13}, View::transposed},
      {"7x13 sliced from 7x20", {7, 13}, View::sliced},
      {"2x3x5 expanded from 2x1x5", {2, 3, 5}, View::expanded},
  };
  return layouts;
}

const std::vector<PairLayout>& binary_layouts() {
  static const std::vector<PairLayout> layouts = {
      {"7x13", {7, 13}, {7, 13}},
      {"7x13 and 13", {7, 13}, {13}},
      {"7x1 and 1x13", {7, 1}, {1, 13}},
      {"0-d and 7x13", {}, {7, 13}},
      {"7x13 transposed and sliced from 7x20", {7, 13}, {7, 13}, View::transposed, View::sliced},
      {"2x1x5 and 3x1", {2, 1, 5}, {3, 1}},
  };
  return layouts;
}

Tensor view_input(CaseInputs& in, const Shape& shape, View view, const Values& values) {
  switch (view) {
    case View::contiguous:
      break;
    case View::transposed:
      AXON_ASSERT(shape.size() == 2, "view_input: a transposed view needs 2-D, got {}",
                  shape_str(shape));
      return in.input({shape[1], shape[0]}, values).t();
    case View::sliced: {
      AXON_ASSERT(!shape.empty(), "view_input: a sliced view needs 1-D or more");
      Shape wide = shape;
      wide.back() += 7;
      return in.input(wide, values).narrow(-1, 4, shape.back());
    }
    case View::expanded: {
      AXON_ASSERT(shape.size() >= 2, "view_input: an expanded view needs 2-D or more, got {}",
                  shape_str(shape));
      Shape narrow = shape;
      narrow[1] = 1;
      return in.input(narrow, values).expand(shape);
    }
  }
  return in.input(shape, values);
}

void add_unary_specs(CaseList& cases, std::span<const UnarySpec> specs) {
  for (const UnarySpec& spec : specs)
    for (const Layout& layout : unary_layouts())
      cases.push_back({spec.op, case_name(layout.name, spec.variant), spec.tolerance,
                       [spec, layout](CaseInputs& in) {
                         return TensorList{spec.fn(layout.make(in, spec.x))};
                       }});
}

Tensor call_primitive(std::string_view op, KernelArgs args, const TensorList& in,
                      const Tensor& out) {
  for (const Tensor& t : in) args.in.push_back(t.arg());
  args.out = {out.arg()};
  dispatch::call(op, out.device(), args);
  return out;
}

std::string case_name(std::string_view layout, std::string_view variant) {
  return variant.empty() ? std::string(layout) : fmt::format("{}, {}", layout, variant);
}

}  // namespace conformance
}  // namespace axon
