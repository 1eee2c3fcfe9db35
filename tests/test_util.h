// Helpers shared by the test files.
#pragma once

#include <axon/error.h>

#include <functional>
#include <string>

namespace axon::testing_util {

// The message of the axon::Error that `f` throws ("" when it throws none).
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const axon::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace axon::testing_util
