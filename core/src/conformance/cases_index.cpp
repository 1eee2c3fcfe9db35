// Cases of the index family: gather, scatter_add, index_select and index_add
// along either axis, with repeated indices, strided inputs and i64 values.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

using In = CaseInputs&;

// i64 indices in [0, size): repeats are likely, so scatters accumulate.
Values indices(int64_t size) {
  return {.low = 0, .high = static_cast<double>(size), .dtype = DType::i64};
}

// One layout of the index cases: the axis, x's layout (7x13) and values.
struct IndexLayout {
  const char* name;
  int64_t dim;
  View view = View::contiguous;
  Values x{};
};

const IndexLayout kLayouts[] = {
    {"dim 0 of 7x13", 0},
    {"dim 1 of 7x13", 1},
    {"dim 1 of 7x13 transposed", 1, View::transposed},
    {"dim 0 of 7x13, i64", 0, View::contiguous, kI64},
};

// The other axis's size of 7x13, and how many indices (fewer than, or more than the size).
Shape index_shape(int64_t dim, int64_t count) {
  return dim == 0 ? Shape{count, 13} : Shape{7, count};
}
int64_t axis_size(int64_t dim) { return dim == 0 ? 7 : 13; }

TensorList gather_case(In in, const IndexLayout& l) {
  const Tensor x = view_input(in, {7, 13}, l.view, l.x);
  return {gather(x, l.dim, in.input(index_shape(l.dim, 4), indices(axis_size(l.dim))))};
}

TensorList scatter_add_case(In in, const IndexLayout& l) {
  const Tensor x = view_input(in, {7, 13}, l.view, l.x);
  const Shape shape = index_shape(l.dim, 5);
  const Tensor index = in.input(shape, indices(axis_size(l.dim)));
  return {scatter_add(x, l.dim, index, in.input(shape, l.x))};
}

TensorList index_select_case(In in, const IndexLayout& l) {
  const Tensor x = view_input(in, {7, 13}, l.view, l.x);
  return {index_select(x, l.dim, in.input({9}, indices(axis_size(l.dim))))};
}

// x.index_add(dim, index, src, alpha 2.5).
TensorList index_add_case(In in, const IndexLayout& l) {
  const Tensor x = view_input(in, {7, 13}, l.view, l.x);
  const Tensor index = in.input({9}, indices(axis_size(l.dim)));
  return {index_add(x, l.dim, index, in.input(index_shape(l.dim, 9), l.x), 2.5)};
}

const std::pair<const char*, TensorList (*)(In, const IndexLayout&)> kOps[] = {
    {"gather", gather_case},
    {"scatter_add", scatter_add_case},
    {"index_select", index_select_case},
    {"index_add", index_add_case},
};

void add_index_cases(CaseList& cases) {
  for (const auto& [op, run] : kOps)
    for (const IndexLayout& layout : kLayouts)
      cases.push_back(
          {op, layout.name, kNmseExact, [run, layout](In in) { return run(in, layout); }});
  cases.push_back(
      {"index_select", "0-d index into 7x13", kNmseExact, [](In in) {
         return TensorList{index_select(in.input({7, 13}), 1, in.input({}, indices(13)))};
       }});
}

const CaseFamily kFamily(add_index_cases);

}  // namespace
}  // namespace axon::conformance
