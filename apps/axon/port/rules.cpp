// The rule table. Patterns are ECMAScript regular expressions (std::regex has
// no look-behind, so a leading (?:^|[^\w]) stands for "at a word start");
// group 1 is what a rule rewrites or reports. A device name is "cuda" or
// "cuda:N" and nothing longer: "cuda_fast" and "/opt/cuda/data.bin" are not.
#include "port/rules.h"

#include <axon/error.h>

namespace axon::port {

const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
      // Rewrites.
      {"device-string",
       Action::to_device,
       in_literal,
       {R"(^(cuda(?::[0-9]+)?)$)"},
       R"(axon::device("cuda:0") -> axon::device("mlu:0"); axon::is_available("cuda"), )"
       R"(device.type() == "cuda", {"device": "cuda"})",
       "axon picks a device by its name at run time (axon::device, axon::is_available); it has "
       "no CUDA-specific class, function or header, so a literal that is exactly a device name "
       "is all there is to port"},
      {"device-flag",
       Action::to_device,
       in_literal | in_script | in_cmake,
       {R"((?:^|[^\w-])--device(?:=|[ \t]+)["']?(cuda(?::[0-9]+)?)(?=["'\s;|&),}]|$))"},
       "./train --device cuda:1 -> ./train --device mlu:1 (also --device=cuda)",
       "the command line flag of axon's tools and examples"},
      {"device-setting",
       Action::to_device,
       in_literal | in_script | in_cmake,
       {R"((?:^|[^\w])[A-Z0-9_]*DEVICE=["']?(cuda(?::[0-9]+)?)(?=["'\s;|&),}]|$))",
        R"(\$\{[A-Z0-9_]*DEVICE:?[-=]["']?(cuda(?::[0-9]+)?)["']?\})"},
       R"(AXON_DEVICE=cuda -> AXON_DEVICE=mlu; ${AXON_DEVICE:-cuda}; DEFAULT_DEVICE="cuda:0")",
       "a variable named *DEVICE set to a device name: environment settings, .env entries, "
       "shell defaults, -D definitions"},
      {"build-option",
       Action::switch_off,
       in_literal | in_script | in_cmake,
       {R"((?:^|[^\w])-DAXON_WITH_CUDA(?::[A-Z]+)?=["']?(ON|on|On|AUTO|auto|TRUE|true|True|YES|yes|1)(?=["'\s;|&)]|$))",
        R"(\boption\s*\(\s*AXON_WITH_CUDA\s+"(?:[^"\\]|\\.)*"\s+(ON|on|On|AUTO|auto|TRUE|true|True|YES|yes|1)\s*\))",
        R"re(\bset\s*\(\s*AXON_WITH_CUDA\s+"?(ON|on|On|AUTO|auto|TRUE|true|True|YES|yes|1)"?(?=[\s)]))re"},
       R"(option(AXON_WITH_CUDA "..." ON) -> option(AXON_WITH_CUDA "..." OFF); -DAXON_WITH_CUDA=ON)",
       "AXON_WITH_CUDA builds CUDA-only code (.cu kernels, the CUDA runtime), which cannot run "
       "on the target; axon's other backends need no build option (the mlu is built with every "
       "axon), so the ported build switches it off. What it guards is listed for manual review"},
      // Manual review: found, listed, not touched.
      {"embedded-device-string",
       Action::review,
       in_literal,
       {R"re((?:\\"|"|')(cuda(?::[0-9]+)?)(?:\\"|"|'))re"},
       R"x(R"({"device": "cuda"})", "{\"device\": \"cuda\"}")x",
       "a device name quoted inside a longer text (an embedded config, a message): whether it "
       "selects a device depends on how the text is used"},
      {"cuda-include",
       Action::review,
       in_include,
       {R"(^((?:cuda|cuda_runtime|cuda_runtime_api|cuda_fp16|cuda_bf16|cublas|cublas_v2|cublasLt|cudnn|curand|curand_kernel|cufft|cusparse|cusolverDn|nccl|nvrtc|device_launch_parameters)\.h|.+\.cuh|(?:thrust|cub)/.+)$)"},
       "#include <cuda_runtime.h>, <cublas_v2.h>, \"kernels.cuh\"",
       "a CUDA toolkit header: the target machine has no CUDA toolkit"},
      {"cuda-runtime-api",
       Action::review,
       in_code,
       {R"(\b(cuda[A-Z]\w*))"},
       "cudaMalloc(&p, n), cudaMemcpy(...), cudaStream_t",
       "raw CUDA runtime: memory and streams outside axon. On the target, create tensors on the "
       "device (TensorOptions().device(d)) and move data with tensor.to(device)"},
      {"cuda-library-api",
       Action::review,
       in_code,
       {R"(\b((?:cublasLt|cublas|cudnn|curand|cufft|cusparse|cusolver|nccl)[A-Z_]\w*))"},
       "cublasSgemm(handle, ...), cudnnConvolutionForward(...)",
       "a CUDA library (cuBLAS, cuDNN, cuRAND, cuFFT, cuSPARSE, cuSOLVER, NCCL): use the axon op "
       "that does the same (matmul, conv2d, ...), which runs on the device of its tensors"},
      {"cuda-kernel",
       Action::review,
       in_code,
       {R"(\b(__(?:global|device|shared|constant)__)\b)", R"((<<<))"},
       "__global__ void scale(float* x), scale<<<blocks, threads>>>(x)",
       "a CUDA kernel or its launch: compose it from axon ops, or register a kernel for the "
       "target device with the dispatcher"},
      {"cmake-cuda",
       Action::review,
       in_cmake,
       {R"(\b((?:enable_language|check_language)\s*\(\s*CUDA\s*\)))",
        R"(\b(find_package\s*\(\s*(?:CUDAToolkit|CUDA|CUDNN|cuDNN|NCCL)\b))",
        R"(\bproject\s*\([^)]*\b(CUDA)\b)", R"(\b(CUDA::\w+))", R"(\b(CMAKE_CUDA_\w+))",
        R"(\b(cuda_add_(?:executable|library))\b)",
        R"((?:^|[\s"(])([^\s"()#]+\.cuh?)(?=[\s")]|$))"},
       "enable_language(CUDA), find_package(CUDAToolkit), CUDA::cublas, src/kernel.cu",
       "needs the CUDA toolkit (nvcc, the CUDA libraries), which the target machine does not "
       "have: keep it behind AXON_WITH_CUDA or drop it"},
      {"cuda-env",
       Action::review,
       in_script | in_cmake,
       {R"(\b((?:CUDA|NCCL|CUBLAS|CUDNN)_[A-Z0-9_]+))"},
       "CUDA_VISIBLE_DEVICES=0, CUDA_HOME=/usr/local/cuda",
       "read by the CUDA driver or toolkit only, so it has no effect on the target (the mlu's "
       "settings are AXON_MLU_DEVICES, AXON_MLU_MEMORY, AXON_MLU_DISABLE)"},
      {"cuda-tool",
       Action::review,
       in_script,
       {R"((?:^|[\s;&|(/])(nvidia-smi|nvcc|nsys|ncu|cuda-gdb|cuda-memcheck|compute-sanitizer)(?=[\s;&|)]|$))"},
       "nvidia-smi -L, nvcc -O2 kernel.cu",
       "an NVIDIA tool, absent on the target (`axon devices` lists the target's devices)"},
      {"cuda-source",
       Action::review,
       in_file,
       {},
       "kernels/warmup.cu, kernels/common.cuh",
       "CUDA source, compiled by nvcc: copied unchanged; its kernels must be rewritten for the "
       "target (as axon ops, or as a kernel plugin)"},
      {"invalid-utf8",
       Action::review,
       in_file,
       {},
       "a .cpp file saved as Latin-1",
       "not valid UTF-8: copied unchanged and not scanned"},
      {"special-file",
       Action::review,
       in_file,
       {},
       "a FIFO or a socket in the tree",
       "neither a regular file, a folder nor a symbolic link: not copied"},
  };
  return table;
}

const Rule& rule(std::string_view name) {
  for (const Rule& r : rules()) {
    if (r.name == name) return r;
  }
  throw_internal(__FILE__, __LINE__, fmt::format("port: no rule named '{}'", name));
}

}  // namespace axon::port
