// OpenBLAS, opened by the backend at run time instead of linked.
//
// Why: OpenBLAS picks its kernels once, when the library initializes. On some
// virtual machines (an "AMD EPYC" whose AVX-512 shows only in the feature
// flags) its detection falls back to slow generic kernels. Choosing the core
// type ourselves (OPENBLAS_CORETYPE) only works if it is set before the
// library loads, so the backend sets it and then dlopens OpenBLAS.
#pragma once

#include <cblas.h>

#include <memory>
#include <string>

namespace axon::cpu {

struct OpenBlas {
  decltype(&cblas_sgemm) sgemm = nullptr;
  decltype(&cblas_dgemm) dgemm = nullptr;
  decltype(&openblas_set_num_threads) set_num_threads = nullptr;
  decltype(&openblas_get_corename) get_corename = nullptr;
  decltype(&openblas_get_config) get_config = nullptr;

  std::string path;       // the file that was opened
  std::string core_type;  // OPENBLAS_CORETYPE at load time ("" when unset)
  bool core_type_from_user = false;

  struct Closer {
    void operator()(void* handle) const;  // dlclose
  };
  using Handle = std::unique_ptr<void, Closer>;
  Handle handle;
};

// Loads OpenBLAS on the first call (setting OPENBLAS_CORETYPE from the CPU's
// features unless the user set it) and sets its thread count to
// num_threads(). Throws axon::Error with the dlerror text when it cannot.
const OpenBlas& openblas();

// "SkylakeX", "Haswell", or "" when the CPU has neither feature set.
std::string detect_openblas_core_type();

}  // namespace axon::cpu
