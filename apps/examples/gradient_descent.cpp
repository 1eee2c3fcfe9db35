// The notes' gradient descent (002, the MATLAB animation): y = 2x^2 - 3x + 1
// from x = 0 with learning rate 0.1, one step at a time, x <- x - lr dy/dx.
// dy/dx comes from autograd, not from the formula 4x - 3; the minimum is at
// x = 0.75, y = -0.125, and x_k = 0.75 (1 - 0.6^k) exactly.
//   gradient_descent [--device cpu] [--steps 30] [--lr 0.1] [--start 0]
#include <axon/axon.h>

#include "program.h"

namespace {

struct Args {
  std::string device;
  int64_t steps = 30;
  double lr = 0.1;
  double start = 0.0;
};

// y = 2x^2 - 3x + 1
axon::Tensor quadratic(const axon::Tensor& x) { return 2.0 * axon::square(x) - 3.0 * x + 1.0; }

void run(const Args& args) {
  axon::Device& device = apps::chosen_device(args.device);
  fmt::print("y = 2x^2 - 3x + 1, x0 = {}, lr = {}\n", args.start, args.lr);
  axon::Tensor x =
      axon::full({}, args.start, axon::TensorOptions().device(device)).requires_grad_();
  for (int64_t step = 0;; ++step) {
    const axon::Tensor y = quadratic(x);
    y.backward();
    const axon::Tensor gradient = x.grad();
    fmt::print("step {}: x = {:.6f} y = {:.6f} dy/dx = {:.6f}\n", step, x.item(), y.item(),
               gradient.item());
    if (step == args.steps) break;
    axon::NoGradGuard no_grad;
    x.sub_(gradient, args.lr);
    x.set_grad(axon::Tensor());
  }
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Gradient descent on y = 2x^2 - 3x + 1 with autograd, as the course's animation."};
  apps::add_device_option(app, args.device);
  app.add_option("--steps,--epochs", args.steps, "descent steps")->capture_default_str();
  app.add_option("--lr", args.lr, "learning rate")->capture_default_str();
  app.add_option("--start", args.start, "starting x")->capture_default_str();
  return apps::parse_and_run(app, argc, argv, "gradient_descent", [&] { run(args); });
}
