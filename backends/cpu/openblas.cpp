#include "openblas.h"

#include "parallel.h"

#include <axon/error.h>
#include <dlfcn.h>

#include <cstdlib>

namespace axon::cpu {
namespace {

// The OpenMP build first: our own loops use OpenMP, and the pthread build's
// spinning worker threads fight with OpenMP's for the cores.
constexpr const char* kCandidates[] = {
    "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0",
    "libopenblas.so.0",
};

std::string last_dlerror() {
  const char* text = dlerror();
  return text != nullptr ? text : "unknown error";
}

OpenBlas::Handle open_library(std::string& path) {
  std::string errors;
  for (const char* candidate : kCandidates) {
    if (void* handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL)) {
      path = candidate;
      return OpenBlas::Handle(handle);
    }
    errors += (errors.empty() ? "" : "; ") + last_dlerror();
  }
  throw_error("cpu: cannot load OpenBLAS: " + errors);
}

template <class Fn>
void bind(const OpenBlas& blas, const char* name, Fn& fn) {
  dlerror();
  void* symbol = dlsym(blas.handle.get(), name);
  AXON_CHECK(symbol != nullptr, "cpu: {} has no symbol {}: {}", blas.path, name, last_dlerror());
  fn = reinterpret_cast<Fn>(symbol);
}

// OpenBLAS reads OPENBLAS_CORETYPE once, while it initializes: this must run
// before dlopen. A value the user set wins.
void choose_core_type(OpenBlas& blas) {
  const char* user = std::getenv("OPENBLAS_CORETYPE");
  if (user != nullptr && *user != '\0') {
    blas.core_type = user;
    blas.core_type_from_user = true;
    return;
  }
  blas.core_type = detect_openblas_core_type();
  if (!blas.core_type.empty()) setenv("OPENBLAS_CORETYPE", blas.core_type.c_str(), 1);
}

OpenBlas load() {
  OpenBlas blas;
  choose_core_type(blas);
  blas.handle = open_library(blas.path);
  bind(blas, "cblas_sgemm", blas.sgemm);
  bind(blas, "cblas_dgemm", blas.dgemm);
  bind(blas, "openblas_set_num_threads", blas.set_num_threads);
  bind(blas, "openblas_get_corename", blas.get_corename);
  bind(blas, "openblas_get_config", blas.get_config);
  blas.set_num_threads(num_threads());
  return blas;
}

}  // namespace

void OpenBlas::Closer::operator()(void* handle) const { dlclose(handle); }

// Never destroyed, like the plugins themselves: kernels may still run while
// static destructors do, and unloading OpenBLAS under its OpenMP threads at
// exit buys nothing. The handle's closer only acts when loading fails midway.
const OpenBlas& openblas() {
  static const OpenBlas* blas = new OpenBlas(load());
  return *blas;
}

std::string detect_openblas_core_type() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    return "SkylakeX";
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return "";
}

}  // namespace axon::cpu
