#include <algorithm>
#include <array>
#include <regex>

#include "port/rewriter.h"

namespace axon::port {
namespace {

struct Extension {
  std::string_view ext;
  Language language;
};

constexpr std::array kExtensions = {
    Extension{".h", Language::cxx},      Extension{".hh", Language::cxx},
    Extension{".hpp", Language::cxx},    Extension{".hxx", Language::cxx},
    Extension{".inl", Language::cxx},    Extension{".c", Language::cxx},
    Extension{".cc", Language::cxx},     Extension{".cpp", Language::cxx},
    Extension{".cxx", Language::cxx},    Extension{".cu", Language::cuda},
    Extension{".cuh", Language::cuda},   Extension{".cmake", Language::cmake},
    Extension{".json", Language::json},  Extension{".sh", Language::shell},
    Extension{".bash", Language::shell}, Extension{".env", Language::shell},
};

// "#!/bin/sh", "#!/usr/bin/env bash -e"
bool is_shell_script(std::string_view head) {
  static const std::regex shebang(R"(^#![ \t]*\S*\b(?:env[ \t]+)?(?:sh|bash|dash|zsh)\b)");
  const std::string_view line = head.substr(0, head.find('\n'));
  return std::regex_search(line.begin(), line.end(), shebang);
}

}  // namespace

Language language_of(const std::filesystem::path& file, std::string_view head) {
  const std::string name = file.filename().string();
  if (name == "CMakeLists.txt") return Language::cmake;
  // .env, .env.local, .env.production
  if (name == ".env" || name.starts_with(".env.")) return Language::shell;
  const std::string ext = file.extension().string();
  const auto known = std::find_if(kExtensions.begin(), kExtensions.end(),
                                  [&](const Extension& e) { return e.ext == ext; });
  if (known != kExtensions.end()) return known->language;
  return ext.empty() && is_shell_script(head) ? Language::shell : Language::none;
}

}  // namespace axon::port
