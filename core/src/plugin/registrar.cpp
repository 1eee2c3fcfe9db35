// Registrar: buffers what a plugin registers; commit() publishes it all at
// once, or nothing (registry_table.cpp).
#include <axon/error.h>
#include <axon/plugin.h>

#include "plugin/registry_table.h"

namespace axon {
namespace {

using registry_detail::Factory;
using registry_detail::Record;

}  // namespace

Registrar::Registrar(std::string library) : pending_(std::make_unique<Pending>()) {
  pending_->library = std::move(library);
}

Registrar::~Registrar() = default;

void Registrar::add_device_type(const std::string& type, int priority, DeviceFactory factory) {
  pending_->device_types.push_back({type, priority, std::move(factory)});
  pending_->order.emplace_back("device", type);
}

void Registrar::add_kernel(const std::string& op, const std::string& device_type, Kernel kernel) {
  pending_->kernels.push_back({op, device_type, std::move(kernel)});
  pending_->order.emplace_back("kernel", op + ":" + device_type);
}

namespace {

void add_record(Registrar::Pending& pending, const std::string& kind, const std::string& name,
                const std::string& description, OptionSchema schema, Factory factory) {
  AXON_CHECK(!name.empty(), "{}: a {} needs a name", pending.library, kind);
  RegistryEntry entry{kind, name, description, pending.library, std::move(schema)};
  pending.records.push_back(Record{std::move(entry), std::move(factory)});
  pending.order.emplace_back(kind, name);
}

}  // namespace

void Registrar::add_layer(const std::string& name, const std::string& kind,
                          const std::string& description, OptionSchema schema,
                          LayerFactory factory) {
  AXON_CHECK(kind == "layer" || kind == "activation",
             "{}: add_layer('{}'): kind must be layer or activation, got '{}'", library(), name,
             kind);
  add_record(*pending_, kind, name, description, std::move(schema), std::move(factory));
}

void Registrar::add_loss(const std::string& name, const std::string& description,
                         OptionSchema schema, LossFactory factory) {
  add_record(*pending_, "loss", name, description, std::move(schema), std::move(factory));
}

void Registrar::add_optimizer(const std::string& name, const std::string& description,
                              OptionSchema schema, OptimizerFactory factory) {
  // Every optimizer takes the course's L1 regularization; Optimizer::update_params applies it.
  if (!schema.find("l1"))
    schema.add("l1", OptionType::number, 0.0,
               "L1 penalty: l1 * sign(p) is added to the gradient (0: off)");
  add_record(*pending_, "optimizer", name, description, std::move(schema), std::move(factory));
}

void Registrar::add_scheduler(const std::string& name, const std::string& description,
                              OptionSchema schema, SchedulerFactory factory) {
  add_record(*pending_, "scheduler", name, description, std::move(schema), std::move(factory));
}

void Registrar::add_initializer(const std::string& name, const std::string& description,
                                OptionSchema schema, InitializerFactory factory) {
  add_record(*pending_, "initializer", name, description, std::move(schema), std::move(factory));
}

const std::string& Registrar::library() const { return pending_->library; }

void Registrar::commit() {
  registry_detail::commit(*pending_);
  std::string library = std::move(pending_->library);
  *pending_ = Pending{};
  pending_->library = std::move(library);
}

std::vector<std::pair<std::string, std::string>> Registrar::pending() const {
  return pending_->order;
}

}  // namespace axon
