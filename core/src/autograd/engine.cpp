// The backward pass: runs the nodes reachable from the roots in reverse
// topological order (Kahn's algorithm on dependency counts), summing the
// gradients that reach each node's outputs.
#include "tensor/internal.h"

#include <unordered_map>
#include <unordered_set>

namespace axon::autograd {
namespace {

using Captured = std::unordered_map<const TensorImpl*, Tensor>;

struct Graph {
  std::unordered_map<Node*, int> dependencies;
  std::unordered_map<Node*, TensorList> buffers;
};

Edge root_edge(const Tensor& t) {
  AXON_CHECK(t.requires_grad(), "backward: a root tensor does not require grad");
  if (t.grad_fn()) return Edge{t.grad_fn(), t.impl()->output_nr};
  return Edge{std::make_shared<AccumulateGrad>(t.impl_ptr()), 0};
}

void count_dependencies(const std::vector<Edge>& roots, Graph& graph) {
  std::vector<Node*> stack;
  std::unordered_set<Node*> seen;
  for (const auto& e : roots)
    if (seen.insert(e.node.get()).second) stack.push_back(e.node.get());
  while (!stack.empty()) {
    Node* node = stack.back();
    stack.pop_back();
    for (const auto& e : node->next()) {
      if (!e.node) continue;
      graph.dependencies[e.node.get()] += 1;
      if (seen.insert(e.node.get()).second) stack.push_back(e.node.get());
    }
  }
}

void accumulate(Graph& graph, Node* node, int index, const Tensor& grad) {
  TensorList& buffer = graph.buffers[node];
  if (buffer.empty()) buffer.resize(node->num_outputs());
  Tensor& slot = buffer[index];
  slot = slot.defined() ? slot + grad : grad;
}

// Fills outputs that got no gradient with zeros, and keeps retained grads.
TensorList complete_grads(Node* node, TensorList grads) {
  grads.resize(node->num_outputs());
  auto& outputs = node->outputs();
  for (size_t i = 0; i < grads.size(); ++i) {
    const OutputMeta& meta = outputs[i];
    if (!grads[i].defined())
      grads[i] = zeros(meta.shape, TensorOptions(meta.dtype).device(*meta.device));
    if (auto retained = meta.retained.lock()) retained->grad = grads[i].impl_ptr();
  }
  return grads;
}

// Runs the graph. With `capture`, gradients reaching the captured tensors
// are stored there and leaves' .grad is left alone.
void run(const TensorList& roots, const TensorList& grad_roots, Captured* capture) {
  AXON_CHECK(roots.size() == grad_roots.size(), "backward: got {} roots and {} gradients",
             roots.size(), grad_roots.size());
  NoGradGuard no_grad;
  Graph graph;
  std::vector<Edge> edges;
  for (const auto& r : roots) edges.push_back(root_edge(r));
  count_dependencies(edges, graph);
  std::vector<Node*> ready;
  for (size_t i = 0; i < edges.size(); ++i) {
    AXON_CHECK(grad_roots[i].shape() == roots[i].shape(),
               "backward: grad of shape {} does not match the root's shape {}",
               shape_str(grad_roots[i].shape()), shape_str(roots[i].shape()));
    accumulate(graph, edges[i].node.get(), edges[i].input_nr, grad_roots[i]);
  }
  for (const auto& e : edges)
    if (graph.dependencies[e.node.get()] == 0) ready.push_back(e.node.get());
  std::unordered_set<Node*> done;
  while (!ready.empty()) {
    Node* node = ready.back();
    ready.pop_back();
    if (!done.insert(node).second) continue;
    TensorList grads = complete_grads(node, std::move(graph.buffers[node]));
    graph.buffers.erase(node);
    auto* leaf_node = dynamic_cast<AccumulateGrad*>(node);
    if (capture && leaf_node) {
      auto it = capture->find(leaf_node->leaf());
      if (it != capture->end())
        it->second = it->second.defined() ? it->second + grads[0] : grads[0];
      continue;
    }
    TensorList input_grads = node->apply(grads);
    const auto& next = node->next();
    for (size_t i = 0; i < next.size(); ++i) {
      const Edge& e = next[i];
      if (!e.node) continue;
      if (i < input_grads.size() && input_grads[i].defined())
        accumulate(graph, e.node.get(), e.input_nr, input_grads[i]);
      if (--graph.dependencies[e.node.get()] == 0) ready.push_back(e.node.get());
    }
  }
}

}  // namespace

void backward(const TensorList& roots, const TensorList& grad_roots) {
  run(roots, grad_roots, nullptr);
}

TensorList grad(const TensorList& outputs, const TensorList& inputs,
                const TensorList& grad_outputs) {
  TensorList seeds = grad_outputs;
  if (seeds.empty())
    for (const auto& o : outputs) {
      AXON_CHECK(o.numel() == 1, "grad: grad_outputs are needed for non-scalar outputs");
      seeds.push_back(ones_like(o));
    }
  Captured captured;
  for (const auto& in : inputs) {
    AXON_CHECK(in.is_leaf() && in.requires_grad(),
               "grad: inputs must be leaf tensors that require grad");
    captured[in.impl()] = Tensor();
  }
  run(outputs, seeds, &captured);
  TensorList result;
  for (const auto& in : inputs) result.push_back(captured[in.impl()]);
  return result;
}

}  // namespace axon::autograd
