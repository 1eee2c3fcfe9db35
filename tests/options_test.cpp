// Options, OptionSchema, parse_reduction and closest_match: typed reads with
// their conversions, JSON, and the errors a user sees.
#include <axon/error.h>
#include <axon/options.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "test_util.h"

namespace {

using axon::Options;
using axon::OptionSchema;
using axon::OptionType;
using axon::OptionValue;
using testing::HasSubstr;

using axon::testing_util::error_of;

OptionSchema adam_schema() {
  return {
      {"lr", OptionType::number, 1e-3, "learning rate"},
      {"betas", OptionType::number_list, std::vector<double>{0.9, 0.999}, "averaging coefficients"},
      {"eps", OptionType::number, 1e-8, "added to the denominator"},
      {"weight_decay", OptionType::number, 0, "L2 penalty"},
      {"amsgrad", OptionType::boolean, false, "use AMSGrad"},
  };
}

TEST(Options, SetReplacesAndKeepsOrder) {
  Options o{{"lr", 0.1}, {"momentum", 0.9}};
  o.set("lr", 0.2).set("nesterov", true);
  EXPECT_EQ(o.keys(), (std::vector<std::string>{"lr", "momentum", "nesterov"}));
  EXPECT_EQ(o.str(), "lr=0.2, momentum=0.9, nesterov=true");
  EXPECT_TRUE(o.has("lr"));
  EXPECT_FALSE(o.has("dampening"));
}

TEST(Options, NoneIsPresentButNotSet) {
  Options o{{"dim", std::monostate{}}};
  EXPECT_TRUE(o.has("dim"));
  EXPECT_FALSE(o.is_set("dim"));
  EXPECT_EQ(o.get<std::optional<int64_t>>("dim"), std::nullopt);
  EXPECT_EQ(o.get<std::optional<int64_t>>("missing"), std::nullopt);
  EXPECT_EQ(error_of([&] { o.get<int64_t>("dim"); }), "option 'dim' is None, expected an integer");
}

TEST(Options, ReadsWithTheConversionsAUserExpects) {
  Options o{{"n", int64_t{3}},
            {"whole", 4.0},
            {"half", 2.5},
            {"ints", std::vector<int64_t>{1, 2}},
            {"name", std::string("mean")}};
  EXPECT_DOUBLE_EQ(o.get<double>("n"), 3.0);  // an integer reads as a number
  EXPECT_EQ(o.get<int64_t>("whole"), 4);      // a whole number as an integer
  EXPECT_EQ(o.get<int>("n"), 3);
  EXPECT_FLOAT_EQ(o.get<float>("half"), 2.5f);
  EXPECT_EQ(o.get<std::vector<double>>("ints"), (std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(o.get<std::vector<int64_t>>("n"), (std::vector<int64_t>{3}));  // a list of one
  EXPECT_EQ(o.get<std::optional<double>>("half"), 2.5);
  EXPECT_EQ(o.get<std::string>("name"), "mean");
}

TEST(Options, WrongTypeNamesTheOptionAndTheValue) {
  Options o{{"half", 2.5}, {"name", std::string("abc")}, {"big", int64_t{1} << 40}};
  EXPECT_EQ(error_of([&] { o.get<int64_t>("half"); }),
            "option 'half' expects an integer, got number 2.5");
  EXPECT_EQ(error_of([&] { o.get<double>("name"); }),
            "option 'name' expects a number, got string \"abc\"");
  EXPECT_EQ(error_of([&] { o.get<bool>("half"); }), "option 'half' expects a bool, got number 2.5");
  EXPECT_THAT(error_of([&] { o.get<int>("big"); }), HasSubstr("does not fit in an int"));
  EXPECT_EQ(error_of([&] { o.get<double>("lr"); }),
            "option 'lr' is not set (options: half, name, big)");
}

TEST(Options, ValueStrings) {
  EXPECT_EQ(axon::option_value_str(0.001), "0.001");
  EXPECT_EQ(axon::option_value_str(1.0), "1.0");
  EXPECT_EQ(axon::option_value_str(int64_t{3}), "3");
  EXPECT_EQ(axon::option_value_str(true), "true");
  EXPECT_EQ(axon::option_value_str(std::vector<double>{0.9, 0.999}), "[0.9, 0.999]");
  EXPECT_EQ(axon::option_value_str(std::vector<int64_t>{3, 3}), "[3, 3]");
  EXPECT_EQ(axon::option_value_str(std::string("mean")), "\"mean\"");
  EXPECT_EQ(axon::option_value_str(std::monostate{}), "None");
}

TEST(Options, JsonRoundTrip) {
  const auto j = nlohmann::json::parse(
      R"({"lr": 0.001, "betas": [0.9, 0.999], "kernel_size": [3, 3], "amsgrad": false,
          "reduction": "sum", "dim": null, "epochs": 5})");
  const Options o = Options::from_json(j);
  EXPECT_TRUE(std::holds_alternative<double>(o.value("lr")));
  EXPECT_TRUE(std::holds_alternative<std::vector<double>>(o.value("betas")));
  EXPECT_TRUE(std::holds_alternative<std::vector<int64_t>>(o.value("kernel_size")));
  EXPECT_TRUE(std::holds_alternative<bool>(o.value("amsgrad")));
  EXPECT_TRUE(std::holds_alternative<std::string>(o.value("reduction")));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(o.value("dim")));
  EXPECT_TRUE(std::holds_alternative<int64_t>(o.value("epochs")));
  EXPECT_EQ(o.to_json(), j);
}

TEST(Options, JsonRejectsWhatOptionsCannotHold) {
  EXPECT_THAT(error_of([] { Options::from_json(nlohmann::json::array()); }),
              HasSubstr("expected a JSON object, got []"));
  EXPECT_THAT(error_of([] { Options::from_json(nlohmann::json::parse(R"({"x": {"y": 1}})")); }),
              HasSubstr("'x' must be a bool, number, string, null or list of numbers"));
  EXPECT_THAT(error_of([] { Options::from_json(nlohmann::json::parse(R"({"x": ["a"]})")); }),
              HasSubstr("got [\"a\"]"));
}

TEST(OptionSchema, UnknownKeyListsTheKnownOnes) {
  EXPECT_EQ(error_of([] {
              adam_schema().validate({{"learning_rate", 0.1}}, "adam");
            }),
            "adam: unknown option 'learning_rate' (known: lr, betas, eps, weight_decay, amsgrad)");
  EXPECT_EQ(error_of([] {
              adam_schema().validate({{"betass", 0.1}}, "adam");
            }),
            "adam: unknown option 'betass' (known: lr, betas, eps, weight_decay, amsgrad) (did you "
            "mean 'betas'?)");
  EXPECT_EQ(error_of([] {
              OptionSchema().validate({{"inplace", true}}, "relu");
            }),
            "relu: unknown option 'inplace' (relu takes no options)");
}

TEST(OptionSchema, WrongValueTypeNamesOwnerOptionAndValue) {
  EXPECT_EQ(error_of([] {
              adam_schema().validate({{"lr", std::string("abc")}}, "adam");
            }),
            "adam: option 'lr' expects a number, got string \"abc\"");
  EXPECT_EQ(error_of([] {
              adam_schema().validate({{"amsgrad", int64_t{1}}}, "adam");
            }),
            "adam: option 'amsgrad' expects a bool, got integer 1");
  // None only where the option may stay unset.
  EXPECT_EQ(error_of([] {
              adam_schema().validate({{"lr", std::monostate{}}}, "adam");
            }),
            "adam: option 'lr' expects a number, got None");
}

TEST(OptionSchema, FillsDefaultsInSchemaOrderWithTheDeclaredTypes) {
  const Options o = adam_schema().validate({{"amsgrad", true}, {"lr", int64_t{1}}}, "adam");
  EXPECT_EQ(o.keys(), adam_schema().names());
  EXPECT_TRUE(std::holds_alternative<double>(o.value("lr")));            // 1 was stored as 1.0
  EXPECT_TRUE(std::holds_alternative<double>(o.value("weight_decay")));  // so was the default 0
  EXPECT_EQ(o.str(), "lr=1.0, betas=[0.9, 0.999], eps=1e-08, weight_decay=0.0, amsgrad=true");
}

TEST(OptionSchema, NoneDefaultMayStayUnsetOrBeSet) {
  const OptionSchema schema{{"dim", OptionType::integer, std::monostate{}, "axis"},
                            {"kernel_size", OptionType::integer_list, std::monostate{}, "size"}};
  const Options unset = schema.validate({}, "softmax");
  EXPECT_FALSE(unset.is_set("dim"));
  const Options set = schema.validate({{"dim", 1.0}, {"kernel_size", int64_t{3}}}, "conv2d");
  EXPECT_EQ(set.get<int64_t>("dim"), 1);
  EXPECT_EQ(set.get<std::vector<int64_t>>("kernel_size"), (std::vector<int64_t>{3}));
  EXPECT_FALSE(schema.validate({{"dim", std::monostate{}}}, "softmax").is_set("dim"));
}

TEST(OptionSchema, NullableOptionTakesNoneOverItsDefault) {
  const OptionSchema schema{
      {"momentum", OptionType::number, 0.1, "running-average weight", /*nullable=*/true}};
  EXPECT_EQ(schema.validate({}, "batch_norm1d").get<double>("momentum"), 0.1);
  const Options none = schema.validate({{"momentum", std::monostate{}}}, "batch_norm1d");
  EXPECT_FALSE(none.get<std::optional<double>>("momentum").has_value());
  EXPECT_EQ(error_of([&] {
              schema.validate({{"momentum", std::string("x")}}, "batch_norm1d");
            }),
            "batch_norm1d: option 'momentum' expects a number, got string \"x\"");
}

TEST(OptionSchema, DeclarationMistakesAreCaught) {
  EXPECT_THAT(error_of([] {
                OptionSchema{{"lr", OptionType::number, std::string("x"), ""}};
              }),
              HasSubstr("option 'lr' is a number but its default is string \"x\""));
  EXPECT_THAT(
      error_of([] {
        OptionSchema{{"lr", OptionType::number, 0.1, ""}, {"lr", OptionType::number, 0.2, ""}};
      }),
      HasSubstr("option 'lr' is declared twice"));
}

TEST(ParseReduction, NamesAndError) {
  EXPECT_EQ(axon::parse_reduction("none", "mse"), axon::Reduction::none);
  EXPECT_EQ(axon::parse_reduction("mean", "mse"), axon::Reduction::mean);
  EXPECT_EQ(axon::parse_reduction("sum", "mse"), axon::Reduction::sum);
  EXPECT_EQ(error_of([] { axon::parse_reduction("avg", "mse"); }),
            "mse: invalid reduction 'avg' (expected none, mean or sum)");
}

TEST(ClosestMatch, OnlyWhenReasonablyClose) {
  const std::vector<std::string> optimizers = {"adagrad", "adam", "adamw", "sgd"};
  EXPECT_EQ(axon::closest_match("adamw2", optimizers), "adamw");
  EXPECT_EQ(axon::closest_match("Adam", optimizers), "adam");
  EXPECT_EQ(axon::closest_match("sdg", optimizers), "sgd");  // a swap is one edit
  EXPECT_EQ(axon::closest_match("learning_rate", {"lr", "betas", "eps", "weight_decay"}), "");
  EXPECT_EQ(axon::closest_match("rmsprop", optimizers), "");
  EXPECT_EQ(axon::closest_match("relu", {}), "");
}

}  // namespace
