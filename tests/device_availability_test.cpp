// axon::is_available: whether axon::device(spec) would find a device.
#include <axon/axon.h>
#include <gtest/gtest.h>

namespace {

TEST(DeviceAvailability, SaysWhetherDeviceWouldFindOne) {
  EXPECT_TRUE(axon::is_available("cpu"));
  EXPECT_TRUE(axon::is_available("cpu:0"));
  EXPECT_FALSE(axon::is_available("cpu:1"));  // out of range
  EXPECT_FALSE(axon::is_available("nosuch"));
  EXPECT_FALSE(axon::is_available("nosuch:3"));
  EXPECT_THROW(axon::is_available("cpu:x"), axon::Error);
  EXPECT_THROW(axon::is_available(":0"), axon::Error);
}

}  // namespace
