// SOSL search terms: parsing, then compiling to FTS5 MATCH text or LIKE.
//
// Sanitising rule: the FTS5 expression is assembled only from index tokens
// (runs of ASCII letters and digits or non-ASCII bytes), each wrapped in
// double quotes, joined by our own AND/OR/NOT and parentheses. No character
// of the user's text other than token characters reaches FTS5.
#include <cctype>

#include "engine/soql/sosl.h"

namespace crm::soql {

namespace {
constexpr char kStar = '\x02';
constexpr char kQuestion = '\x03';
}  // namespace

struct TermNode {
  enum class Kind { kWord, kPhrase, kAnd, kOr, kAndNot };
  Kind kind = Kind::kWord;
  std::string text;
  std::unique_ptr<TermNode> left, right;
};

struct SearchTerms {
  std::unique_ptr<TermNode> root;
};

namespace {

struct TermToken {
  enum class Kind { kWord, kPhrase, kLParen, kRParen, kAnd, kOr, kNot, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
};

bool IsTokenChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80); }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<TermToken> Tokenize(std::string_view s) {
  std::vector<TermToken> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? TermToken::Kind::kLParen : TermToken::Kind::kRParen, ""});
      ++i;
    } else if (c == '"') {
      std::string text;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        text.push_back(s[i]);
      }
      ++i;
      out.push_back({TermToken::Kind::kPhrase, text});
    } else {
      std::string text;
      for (; i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '(' && s[i] != ')' &&
             s[i] != '"';
           ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          text.push_back(s[++i]);
        } else {
          text.push_back(s[i] == '*' ? kStar : s[i] == '?' ? kQuestion : s[i]);
        }
      }
      std::string upper = Upper(text);
      TermToken::Kind kind = upper == "AND" ? TermToken::Kind::kAnd
                             : upper == "OR" ? TermToken::Kind::kOr
                             : upper == "NOT" ? TermToken::Kind::kNot
                                              : TermToken::Kind::kWord;
      out.push_back({kind, text});
    }
  }
  out.push_back({TermToken::Kind::kEnd, ""});
  return out;
}

std::unique_ptr<TermNode> Binary(TermNode::Kind kind, std::unique_ptr<TermNode> l, std::unique_ptr<TermNode> r) {
  if (!l) return kind == TermNode::Kind::kAndNot ? nullptr : std::move(r);
  if (!r) return l;
  auto n = std::make_unique<TermNode>();
  n->kind = kind;
  n->left = std::move(l);
  n->right = std::move(r);
  return n;
}

// Length of a word without wildcards and separators.
size_t Significant(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += IsTokenChar(c) ? 1 : 0;
  return n;
}

class TermParser {
 public:
  explicit TermParser(std::vector<TermToken> tokens) : tokens_(std::move(tokens)) {}

  std::unique_ptr<TermNode> Or() {
    auto left = And();
    while (!error_ && Peek() == TermToken::Kind::kOr) {
      ++pos_;
      left = Binary(TermNode::Kind::kOr, std::move(left), And());
    }
    return left;
  }

  std::unique_ptr<TermNode> And() {
    auto left = Primary();
    while (!error_) {
      TermToken::Kind k = Peek();
      bool negate = false;
      if (k == TermToken::Kind::kAnd) {
        ++pos_;
        if (Peek() == TermToken::Kind::kNot) {
          ++pos_;
          negate = true;
        }
      } else if (k == TermToken::Kind::kNot) {
        ++pos_;
        negate = true;
      } else if (k != TermToken::Kind::kWord && k != TermToken::Kind::kPhrase && k != TermToken::Kind::kLParen) {
        return left;
      }
      left = Binary(negate ? TermNode::Kind::kAndNot : TermNode::Kind::kAnd, std::move(left), Primary());
    }
    return left;
  }

  std::unique_ptr<TermNode> Primary() {
    const TermToken& t = tokens_[pos_];
    if (t.kind == TermToken::Kind::kLParen) {
      if (++depth_ > kMaxDepth) {
        error_ = true;
        return nullptr;
      }
      ++pos_;
      auto inner = Or();
      --depth_;
      if (Peek() != TermToken::Kind::kRParen) {
        error_ = true;
        return inner;
      }
      ++pos_;
      return inner;
    }
    if (t.kind != TermToken::Kind::kWord && t.kind != TermToken::Kind::kPhrase) {
      error_ = true;
      if (t.kind != TermToken::Kind::kEnd) ++pos_;
      return nullptr;
    }
    ++pos_;
    std::string text = t.text;
    while (!text.empty() && (text[0] == kStar || text[0] == kQuestion)) text.erase(0, 1);  // leading wildcards
    if (Significant(text) < 2) {
      short_terms_ += (short_terms_.empty() ? "" : " ") + t.text;
      return nullptr;
    }
    auto n = std::make_unique<TermNode>();
    n->kind = t.kind == TermToken::Kind::kPhrase ? TermNode::Kind::kPhrase : TermNode::Kind::kWord;
    n->text = std::move(text);
    return n;
  }

  TermToken::Kind Peek() const { return tokens_[pos_].kind; }
  bool error() const { return error_; }
  const std::string& short_terms() const { return short_terms_; }

 private:
  static constexpr int kMaxDepth = 64;
  std::vector<TermToken> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool error_ = false;
  std::string short_terms_;
};

// "tok1 tok2" (a phrase of index tokens), with * for a prefix; "" if none.
std::string FtsPhrase(const TermNode& n) {
  std::string text = n.text;
  bool prefix = false;
  if (n.kind == TermNode::Kind::kWord) {
    size_t cut = text.find_first_of(std::string{kStar, kQuestion});
    if (cut != std::string::npos) {
      text.resize(cut);
      prefix = true;
    }
  }
  std::string phrase;
  bool in_token = false;
  for (char c : text) {
    if (IsTokenChar(c)) {
      if (!in_token && !phrase.empty()) phrase.push_back(' ');
      phrase.push_back(c);
      in_token = true;
    } else {
      in_token = false;
    }
  }
  if (phrase.empty()) return "";
  return "\"" + phrase + "\"" + (prefix && in_token ? "*" : "");
}

std::string Fts(const TermNode* n) {
  if (n == nullptr) return "";
  if (n->kind == TermNode::Kind::kWord || n->kind == TermNode::Kind::kPhrase) return FtsPhrase(*n);
  std::string l = Fts(n->left.get());
  std::string r = Fts(n->right.get());
  if (l.empty()) return n->kind == TermNode::Kind::kAndNot ? "" : r;
  if (r.empty()) return l;
  const char* op = n->kind == TermNode::Kind::kAnd ? " AND " : n->kind == TermNode::Kind::kOr ? " OR " : " NOT ";
  return "(" + l + op + r + ")";
}

std::string LikePattern(const TermNode& n) {
  std::string p = "%";
  for (char c : n.text) {
    if (c == kStar) {
      p.push_back('%');
    } else if (c == kQuestion) {
      p.push_back('_');
    } else {
      if (c == '%' || c == '_' || c == '\\') p.push_back('\\');
      p.push_back(c);
    }
  }
  return p + "%";
}

std::unique_ptr<BoundPredicate> NewPredicate(BoundPredicate::Kind kind) {
  auto p = std::make_unique<BoundPredicate>();
  p->kind = kind;
  return p;
}

std::unique_ptr<BoundPredicate> Like(const TermNode* n, const org::SObject& object,
                                     const std::vector<const org::Field*>& fields) {
  using K = BoundPredicate::Kind;
  if (n->kind == TermNode::Kind::kWord || n->kind == TermNode::Kind::kPhrase) {
    auto any = NewPredicate(K::kOr);
    for (const org::Field* f : fields) {
      auto like = NewPredicate(K::kLike);
      like->lhs.path.field = f;
      like->lhs.path.owner = &object;
      like->lhs.result_type = f->type;
      like->values.emplace_back(LikePattern(*n));
      any->children.push_back(std::move(like));
    }
    return any;
  }
  auto node = NewPredicate(n->kind == TermNode::Kind::kOr ? K::kOr : K::kAnd);
  node->children.push_back(Like(n->left.get(), object, fields));
  auto right = Like(n->right.get(), object, fields);
  if (n->kind == TermNode::Kind::kAndNot) {
    auto negate = NewPredicate(K::kNot);
    negate->children.push_back(std::move(right));
    right = std::move(negate);
  }
  node->children.push_back(std::move(right));
  return node;
}

}  // namespace

Outcome<std::shared_ptr<const SearchTerms>> ParseSearchTerms(std::string_view terms) {
  if (terms.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return PlainError("INVALID_SEARCH", "search term must be longer than one character: ");
  }
  TermParser parser(Tokenize(terms));
  auto root = parser.Or();
  if (parser.error() || parser.Peek() != TermToken::Kind::kEnd) {
    return PlainError("MALFORMED_SEARCH", "No search term found. The search term must be enclosed in braces.");
  }
  if (!root) {
    return PlainError("INVALID_SEARCH", "search term must be longer than one character: " +
                                            (parser.short_terms().empty() ? std::string(terms) : parser.short_terms()));
  }
  auto out = std::make_shared<SearchTerms>();
  out->root = std::move(root);
  return std::shared_ptr<const SearchTerms>(std::move(out));
}

std::string FtsMatchExpression(const SearchTerms& terms, const std::vector<std::string>& columns) {
  std::string expr = Fts(terms.root.get());
  if (expr.empty() || columns.empty()) return expr;
  std::string filter = "{";
  for (size_t i = 0; i < columns.size(); ++i) filter += (i ? " " : "") + columns[i];
  return filter + "} : (" + expr + ")";
}

namespace {

// Words with a '?' or an inner '*' made only of index characters, found
// where every match must contain them (the root or an AND chain from it).
void CollectWildcards(const TermNode* n, std::vector<std::string>* out) {
  if (n == nullptr) return;
  if (n->kind == TermNode::Kind::kAnd || n->kind == TermNode::Kind::kAndNot) {
    CollectWildcards(n->left.get(), out);
    if (n->kind == TermNode::Kind::kAnd) CollectWildcards(n->right.get(), out);
    return;
  }
  if (n->kind != TermNode::Kind::kWord) return;
  size_t first = n->text.find_first_of(std::string{kStar, kQuestion});
  if (first == std::string::npos) return;
  bool inner = n->text.find(kQuestion) != std::string::npos || first + 1 < n->text.size();
  std::string pattern;
  for (char c : n->text) {
    if (c == kStar) {
      pattern.push_back('*');
    } else if (c == kQuestion) {
      pattern.push_back('?');
    } else if (IsTokenChar(c)) {
      pattern.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      return;  // spans several index tokens: the prefix search stands
    }
  }
  if (inner) out->push_back(pattern);
}

}  // namespace

std::vector<std::string> RequiredWildcardWords(const SearchTerms& terms) {
  std::vector<std::string> out;
  CollectWildcards(terms.root.get(), &out);
  return out;
}

std::unique_ptr<BoundPredicate> LikeSearchPredicate(const SearchTerms& terms, const org::SObject& object,
                                                    const std::vector<const org::Field*>& fields) {
  return Like(terms.root.get(), object, fields);
}

}  // namespace crm::soql
