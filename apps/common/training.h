// The training and evaluation loops shared by the example programs and the
// benchmarks (the notes' train.py loop): an SGD step, one epoch of them, accuracy,
// and the confusion matrix behind the per-class metrics.
#pragma once

#include <axon/axon.h>
#include <axon/metrics.h>

namespace apps {

// One SGD step on a batch {x, y} of a net in training mode; returns the batch's loss.
inline double train_step(axon::Layer& net, const axon::TensorList& batch, axon::Loss& criterion,
                         axon::Optimizer& optimizer) {
  optimizer.zero_grad();
  axon::Tensor loss = criterion(net(batch[0]), batch[1]);
  loss.backward();
  optimizer.step();
  return loss.item();
}

// Mean loss over the epoch's batches.
inline double train_epoch(axon::Layer& net, axon::data::DataLoader& loader, axon::Loss& criterion,
                          axon::Optimizer& optimizer) {
  net.train();
  double running_loss = 0.0;
  for (const axon::TensorList& batch : loader)
    running_loss += train_step(net, batch, criterion, optimizer);
  return running_loss / static_cast<double>(loader.num_batches());
}

// Fraction of examples whose arg-max logit is the label.
inline double accuracy(axon::Layer& net, axon::data::DataLoader& loader) {
  net.eval();
  axon::NoGradGuard no_grad;
  double correct = 0.0;
  for (const axon::TensorList& batch : loader)
    correct += axon::sum(axon::eq(axon::argmax(net(batch[0]), 1), batch[1])).item();
  return correct / static_cast<double>(loader.dataset_size());
}

// The confusion matrix of the net's predictions over the loader's examples.
inline axon::metrics::ConfusionMatrix evaluate(axon::Layer& net, axon::data::DataLoader& loader,
                                               int64_t num_classes) {
  net.eval();
  axon::NoGradGuard no_grad;
  axon::metrics::ConfusionMatrix matrix(num_classes);
  for (const axon::TensorList& batch : loader) matrix.update(net(batch[0]), batch[1]);
  return matrix;
}

}  // namespace apps
