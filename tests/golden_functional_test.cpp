// functional.json: the core ops of ops.h against torch.<op>, forward and
// gradients. These ops are always available, so no case is skipped.
#include "golden_util.h"

namespace golden {
namespace {

using axon::Tensor;
using Inputs = std::map<std::string, Tensor>;
// (output) or (values, indices) for max over a dim.
using FunctionalOp = std::function<std::vector<Tensor>(const Inputs& in, const json& options)>;

// torch's `dim`: an int or a list of ints.
std::vector<int64_t> dims_of(const json& options) {
  const json& dim = options.at("dim");
  return dim.is_array() ? dim.get<std::vector<int64_t>>()
                        : std::vector<int64_t>{dim.get<int64_t>()};
}

std::optional<double> optional_number(const json& options, const char* key) {
  if (!options.contains(key) || options.at(key).is_null()) return std::nullopt;
  return options.at(key).get<double>();
}

FunctionalOp binary(Tensor (*op)(const Tensor&, const Tensor&)) {
  return [op](const Inputs& in, const json&) {
    return std::vector<Tensor>{op(in.at("input"), in.at("other"))};
  };
}

FunctionalOp unary(Tensor (*op)(const Tensor&)) {
  return [op](const Inputs& in, const json&) { return std::vector<Tensor>{op(in.at("input"))}; };
}

// sum and mean: over `dim` with keepdim, or over every element.
FunctionalOp reduction(Tensor (*all)(const Tensor&),
                       Tensor (*over)(const Tensor&, const std::vector<int64_t>&, bool)) {
  return [all, over](const Inputs& in, const json& o) {
    const Tensor& x = in.at("input");
    if (!o.contains("dim")) return std::vector<Tensor>{all(x)};
    return std::vector<Tensor>{over(x, dims_of(o), o.value("keepdim", false))};
  };
}

const std::map<std::string, FunctionalOp>& functional_ops() {
  static const std::map<std::string, FunctionalOp> ops = {
      {"add", binary([](const Tensor& a, const Tensor& b) { return axon::add(a, b); })},
      {"sub", binary([](const Tensor& a, const Tensor& b) { return axon::sub(a, b); })},
      {"mul", binary(axon::mul)},
      {"div", binary(axon::div)},
      {"maximum", binary(axon::maximum)},
      {"minimum", binary(axon::minimum)},
      {"matmul", binary(axon::matmul)},
      {"exp", unary(axon::exp)},
      {"log", unary(axon::log)},
      {"sqrt", unary(axon::sqrt)},
      {"abs", unary(axon::abs)},
      {"sum", reduction(axon::sum, axon::sum)},
      {"mean", reduction(axon::mean, axon::mean)},
      {"pow",
       [](const Inputs& in, const json& o) {
         const Tensor& x = in.at("input");
         if (in.count("exponent")) return std::vector<Tensor>{axon::pow(x, in.at("exponent"))};
         return std::vector<Tensor>{axon::pow(x, o.at("exponent").get<double>())};
       }},
      {"clamp",
       [](const Inputs& in, const json& o) {
         return std::vector<Tensor>{
             axon::clamp(in.at("input"), optional_number(o, "min"), optional_number(o, "max"))};
       }},
      {"max",
       [](const Inputs& in, const json& o) {
         const Tensor& x = in.at("input");
         if (!o.contains("dim")) return std::vector<Tensor>{axon::max(x)};
         auto [values, indices] =
             axon::max(x, o.at("dim").get<int64_t>(), o.value("keepdim", false));
         return std::vector<Tensor>{values, indices};
       }},
      {"logsumexp",
       [](const Inputs& in, const json& o) {
         return std::vector<Tensor>{
             axon::logsumexp(in.at("input"), dims_of(o), o.value("keepdim", false))};
       }},
      {"transpose",
       [](const Inputs& in, const json& o) {
         Tensor t =
             in.at("input").transpose(o.at("dim0").get<int64_t>(), o.at("dim1").get<int64_t>());
         return std::vector<Tensor>{t.contiguous()};
       }},
      {"gather",
       [](const Inputs& in, const json& o) {
         return std::vector<Tensor>{
             axon::gather(in.at("input"), o.at("dim").get<int64_t>(), in.at("index"))};
       }},
      {"index_select",
       [](const Inputs& in, const json& o) {
         return std::vector<Tensor>{
             axon::index_select(in.at("input"), o.at("dim").get<int64_t>(), in.at("index"))};
       }},
      {"where",
       [](const Inputs& in, const json&) {
         // The condition is stored as i64, nonzero meaning true.
         Tensor condition = axon::ne(in.at("condition"), 0.0);
         return std::vector<Tensor>{axon::where(condition, in.at("input"), in.at("other"))};
       }},
  };
  return ops;
}

bool sums(const std::string& op) {
  static const std::set<std::string> summing = {"sum", "mean", "max", "logsumexp", "matmul"};
  return summing.count(op) > 0;
}

// Gradients that add up several terms: reductions, repeated indices, broadcast inputs.
Tol grad_tol(const std::string& op, const Tensor& input, const json& output) {
  int64_t out_numel = axon::numel(output.at("shape").get<axon::Shape>());
  bool gathers = op == "gather" || op == "index_select";
  return sums(op) || gathers || input.numel() < out_numel ? kSumming : kElementwise;
}

void run_functional(const json& c, axon::Device& device) {
  std::string ctx = case_label(c, device);
  std::string op = c.at("op");
  Inputs in = make_inputs(c, device);
  std::vector<Tensor> out = functional_ops().at(op)(in, c.at("options"));
  expect_close(ctx, "output", out[0], c.at("output"), sums(op) ? kSumming : kElementwise);
  if (c.contains("indices")) {
    ASSERT_EQ(out.size(), 2u) << ctx << ": expected (values, indices)";
    expect_close(ctx, "indices", out[1], c.at("indices"), kElementwise);
  }
  out[0].backward(to_tensor(c.at("grad_output"), device));
  expect_grads(ctx, c.at("grads"), in, {},
               [&](const std::string& name) { return grad_tol(op, in.at(name), c.at("output")); });
}

const bool registered = register_family({
    .file = "functional.json",
    .suite = "GoldenFunctional",
    .selects = {},
    .op = [](const json& c) { return c.at("op").get<std::string>(); },
    .skip_reason = [](const json& c) -> std::optional<std::string> {
      std::string op = c.at("op");
      if (functional_ops().count(op)) return std::nullopt;
      return "functional op '" + op + "' has no mapping to axon's ops in this test";
    },
    .run = run_functional,
    .cases = {},
});

}  // namespace
}  // namespace golden
