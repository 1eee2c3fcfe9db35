// Everything a user of axon includes.
#pragma once

#include <axon/autograd.h>
#include <axon/clip_grad.h>
#include <axon/conformance.h>
#include <axon/data.h>
#include <axon/datasets.h>
#include <axon/device.h>
#include <axon/dispatcher.h>
#include <axon/early_stopping.h>
#include <axon/error.h>
#include <axon/idx.h>
#include <axon/initializer.h>
#include <axon/layer.h>
#include <axon/loss.h>
#include <axon/metrics.h>
#include <axon/nn.h>
#include <axon/ops.h>
#include <axon/optimizer.h>
#include <axon/options.h>
#include <axon/plugin.h>
#include <axon/registry.h>
#include <axon/scheduler.h>
#include <axon/state_dict.h>
#include <axon/tensor.h>
#include <axon/transforms.h>
