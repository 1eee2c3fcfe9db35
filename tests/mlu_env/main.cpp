// Sets the mlu backend's environment before anything loads the plugins:
// two devices of 64 MiB each, without the softmax primitive.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  setenv("AXON_MLU_DEVICES", "2", 1);
  setenv("AXON_MLU_MEMORY", "64M", 1);
  setenv("AXON_MLU_DISABLE", "softmax", 1);
  unsetenv("AXON_FALLBACK");
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
