// The scales of the fan-aware initializers, as torch.nn.init computes them.
//   xavier: std = gain * sqrt(2 / (fan_in + fan_out))
//   kaiming: std = calculate_gain(nonlinearity, a) / sqrt(fan_in or fan_out, by mode)
// A uniform initializer draws from U(-sqrt(3) std, sqrt(3) std), which has that std.
#pragma once

#include <axon/error.h>
#include <axon/initializer.h>
#include <axon/options.h>
#include <fmt/format.h>

#include <cmath>
#include <string>

namespace axon::initializers {

inline double xavier_std(const Shape& shape, double gain) {
  Fans fans = compute_fans(shape);
  return gain * std::sqrt(2.0 / static_cast<double>(fans.fan_in + fans.fan_out));
}

inline OptionSchema xavier_options() {
  return {{"gain", OptionType::number, 1.0, "scaling factor"}};
}

class KaimingScale {
 public:
  static OptionSchema options() {
    return {
        {"a", OptionType::number, 0.0, "negative slope of the rectifier after this layer"},
        {"mode", OptionType::string, std::string("fan_in"),
         "fan_in keeps the forward variance, fan_out the backward one"},
        {"nonlinearity", OptionType::string, std::string("leaky_relu"),
         "the nonlinearity after this layer (relu or leaky_relu recommended)"},
    };
  }

  // Checks mode and nonlinearity now, so that a bad name fails at creation.
  KaimingScale(const char* owner, const Options& o)
      : a_(o.get<double>("a")),
        mode_(o.get<std::string>("mode")),
        nonlinearity_(o.get<std::string>("nonlinearity")) {
    AXON_CHECK(mode_ == "fan_in" || mode_ == "fan_out",
               "{}: mode '{}' not supported, please use one of fan_in, fan_out", owner, mode_);
    ErrorContext context(owner);
    gain_ = calculate_gain(nonlinearity_, a_);
  }

  double stddev(const Shape& shape) const {
    Fans fans = compute_fans(shape);
    auto fan = static_cast<double>(mode_ == "fan_in" ? fans.fan_in : fans.fan_out);
    return gain_ / std::sqrt(fan);
  }

  // "a=0, mode=fan_in, nonlinearity=leaky_relu"
  std::string str() const {
    return fmt::format("a={}, mode={}, nonlinearity={}", a_, mode_, nonlinearity_);
  }

 private:
  double a_;
  std::string mode_;
  std::string nonlinearity_;
  double gain_ = 0;
};

}  // namespace axon::initializers
