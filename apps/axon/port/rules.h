// The rule table of `axon port`: every rewrite and every manual-review check,
// each with a name, where it applies, the patterns it matches and why. The
// lexers decide where a rule may look (never in comments); the table decides
// what it matches there.
#pragma once

#include <string_view>
#include <vector>

namespace axon::port {

// Where in a file a rule looks; a lexer cuts a file into segments of these.
enum Context : unsigned {
  in_literal = 1u << 0,  // the text of a C++ string literal or of a JSON string value
  in_code = 1u << 1,     // C++ outside comments and literals
  in_include = 1u << 2,  // the header name of a C++ #include
  in_script = 1u << 3,   // shell scripts and .env files, outside comments
  in_cmake = 1u << 4,    // CMake files, outside comments
  in_file = 1u << 5,     // a whole file, judged by the tree walker (no pattern)
};

// What a rule does with its pattern's group 1 (report_markdown.cpp names them in this order).
enum class Action {
  to_device,   // "cuda" or "cuda:N" becomes the target ("mlu", "mlu:N")
  switch_off,  // a CMake true value (ON, AUTO, ...) becomes OFF
  review,      // listed for manual review; nothing is changed
};

struct Rule {
  std::string_view name;
  Action action;
  unsigned contexts;                       // Context bits
  std::vector<std::string_view> patterns;  // ECMAScript regular expressions
  std::string_view example;                // what it matches (and what it becomes)
  std::string_view why;
};

const std::vector<Rule>& rules();
// The rule named `name`; an unknown name is an internal error.
const Rule& rule(std::string_view name);

}  // namespace axon::port
