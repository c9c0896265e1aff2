#include "scheduler/servers/org_api_server.h"

#include <random>

#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/soql/cursor_store.h"
#include "engine/soql/org_session.h"
#include "engine/soql/query_split.h"
#include "scheduler/servers/org_api_describe.h"

namespace crm::servers {
namespace {

constexpr const char* kOrgId15 = "00DWt0000000001";

io::ServerResponse Json(int status, std::string body) {
  io::ServerResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json;charset=UTF-8");
  r.body = std::move(body);
  return r;
}

io::ServerResponse ApiError(int status, const std::string& code, const std::string& message) {
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped.push_back(c);
  }
  return Json(status, "[{\"message\":\"" + escaped + "\",\"errorCode\":\"" + code + "\"}]");
}

std::string XmlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out.push_back('&');
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") out.push_back('&');
    else if (ent == "lt") out.push_back('<');
    else if (ent == "gt") out.push_back('>');
    else if (ent == "quot") out.push_back('"');
    else if (ent == "apos") out.push_back('\'');
    else if (!ent.empty() && ent[0] == '#') {
      long code = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X') ? std::strtol(std::string(ent.substr(2)).c_str(), nullptr, 16)
                                                                     : std::strtol(std::string(ent.substr(1)).c_str(), nullptr, 10);
      if (code > 0 && code < 128) out.push_back(static_cast<char>(code));
    } else {
      out.append(s.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

// The text of the first element with local name `name` (any namespace prefix).
std::string XmlElement(const std::string& xml, const std::string& name) {
  size_t pos = 0;
  while ((pos = xml.find(name + ">", pos)) != std::string::npos) {
    const size_t open = xml.rfind('<', pos);
    const bool is_open_tag = open != std::string::npos && xml[open + 1] != '/' &&
                             (open + 1 == pos || xml[pos - 1] == ':');
    pos += name.size() + 1;
    if (!is_open_tag) continue;
    const size_t close = xml.find("</", pos);
    if (close == std::string::npos) return "";
    return XmlDecode(std::string_view(xml).substr(pos, close - pos));
  }
  return "";
}

std::string SoapFault(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
         "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:sf=\"urn:fault.partner.soap.sforce.com\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><soapenv:Fault><faultcode>sf:" +
         code + "</faultcode><faultstring>" + code + ": " + message + "</faultstring><detail><sf:LoginFault "
         "xsi:type=\"sf:LoginFault\"><sf:exceptionCode>" + code + "</sf:exceptionCode><sf:exceptionMessage>" + message +
         "</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
}

// The answer to a request the HTTP layer refuses before Handle() sees it (a
// target over 16,384 bytes, over-large header fields, a malformed head), in
// the REST error shape. Salesforce documents the 414 and 431 statuses but
// not their bodies: these errorCodes and messages are ours.
io::ServerResponse Rejection(const io::RejectedRequest& rejected) {
  switch (rejected.status) {
    case 414: return ApiError(414, soql::kUriTooLongCode, "URI Too Long: " + rejected.reason);
    case 431: return ApiError(431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large: " + rejected.reason);
    case 413: return ApiError(413, "REQUEST_ENTITY_TOO_LARGE", "Payload Too Large: " + rejected.reason);
    default: return ApiError(rejected.status, "MALFORMED_REQUEST", "Bad Request: " + rejected.reason);
  }
}

// "/services/data/v58.0/query" -> version "58.0", rest "query".
bool SplitDataPath(const std::string& path, std::string* version, std::string* rest) {
  const std::string prefix = "/services/data/v";
  if (path.rfind(prefix, 0) != 0) return false;
  size_t slash = path.find('/', prefix.size());
  *version = path.substr(prefix.size(), slash == std::string::npos ? std::string::npos : slash - prefix.size());
  *rest = slash == std::string::npos ? "" : path.substr(slash + 1);
  while (!rest->empty() && rest->back() == '/') rest->pop_back();
  return !version->empty();
}

}  // namespace

std::string UrlDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string FormValue(std::string_view query, std::string_view key) {
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    std::string_view pair = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    size_t eq = pair.find('=');
    if (UrlDecode(pair.substr(0, eq)) == key) return eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return "";
}

OrgApiServer::OrgApiServer(OrgApiOptions options)
    : options_(std::move(options)), cursors_(std::make_shared<soql::CursorStore>()) {}
OrgApiServer::~OrgApiServer() { Stop(); }

Result<std::unique_ptr<OrgApiServer>> OrgApiServer::Create(OrgApiOptions options) {
  std::unique_ptr<OrgApiServer> server(new OrgApiServer(std::move(options)));
  // Fail early on a missing or foreign org, with the reason.
  auto first = soql::OrgSession::Open(server->options_.org_path, server->cursors_);
  if (!first.ok()) return Status::InvalidArgument("cannot open org " + server->options_.org_path + ": " + first.status().message());
  server->schema_ = (*first)->connection().shared_schema();
  server->ReleaseSession(std::move(first).value());
  return server;
}

std::unique_ptr<soql::OrgSession> OrgApiServer::AcquireSession() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_sessions_.empty()) {
      auto s = std::move(idle_sessions_.back());
      idle_sessions_.pop_back();
      return s;
    }
  }
  auto opened = soql::OrgSession::Open(options_.org_path, cursors_);
  if (!opened.ok()) return nullptr;
  return std::move(opened).value();
}

void OrgApiServer::ReleaseSession(std::unique_ptr<soql::OrgSession> session) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_sessions_.push_back(std::move(session));
}

Result<int> OrgApiServer::Start(io::ServerOptions options) {
  if (!options.reject) options.reject = Rejection;
  server_ = std::make_unique<io::HttpServer>(std::move(options), [this](const io::ServerRequest& r) { return Handle(r); });
  return server_->Start();
}

void OrgApiServer::Stop() {
  if (server_) server_->Stop();
}

std::string OrgApiServer::BaseUrl() const { return server_ ? server_->BaseUrl() : ""; }

std::string OrgApiServer::InstanceUrl(const io::ServerRequest& request) const {
  auto host = io::FindHeader(request.headers, "Host");
  if (host) return "http://" + std::string(*host);
  return BaseUrl();
}

std::string OrgApiServer::NewSession() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng() ^ session_counter_.fetch_add(1)));
  std::string token = std::string(kOrgId15) + "!AQ" + buf;
  std::lock_guard<std::mutex> lock(mu_);
  sessions_[token] = {std::chrono::steady_clock::now() +
                      std::chrono::milliseconds(static_cast<int64_t>(options_.session_ttl_seconds * 1000))};
  ++logins_;
  return token;
}

bool OrgApiServer::ValidSession(const io::ServerRequest& request) {
  auto auth = io::FindHeader(request.headers, "Authorization");
  if (!auth) return false;
  std::string_view value = *auth;
  for (std::string_view scheme : {"Bearer ", "OAuth "}) {
    if (value.substr(0, scheme.size()) == scheme) value.remove_prefix(scheme.size());
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(std::string(value));
  if (it == sessions_.end()) return false;
  const bool used_up = options_.session_max_calls > 0 && ++it->second.calls > options_.session_max_calls;
  if (used_up || std::chrono::steady_clock::now() >= it->second.expires) {
    sessions_.erase(it);
    return false;
  }
  return true;
}

io::ServerResponse OrgApiServer::SoapLogin(const io::ServerRequest& request) {
  const std::string user = XmlElement(request.body, "username");
  const std::string password = XmlElement(request.body, "password");
  io::ServerResponse r;
  r.headers.emplace_back("Content-Type", "text/xml;charset=UTF-8");
  if (user != options_.username || password != options_.password + options_.security_token) {
    r.status = 500;
    r.body = SoapFault("INVALID_LOGIN", "Invalid username, password, security token; or user locked out.");
    return r;
  }
  std::string version = request.path.substr(std::string("/services/Soap/u/").size());
  if (auto slash = version.find('/'); slash != std::string::npos) version = version.substr(0, slash);
  const std::string instance = InstanceUrl(request);
  const std::string org_id = org::Id15To18(kOrgId15);
  const std::string user_id = org::MakeRecordId("005", 999999);
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
           "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns=\"urn:partner.soap.sforce.com\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><loginResponse><result>"
           "<metadataServerUrl>" + instance + "/services/Soap/m/" + version + "/" + kOrgId15 + "</metadataServerUrl>"
           "<passwordExpired>false</passwordExpired><sandbox>true</sandbox>"
           "<serverUrl>" + instance + "/services/Soap/u/" + version + "/" + kOrgId15 + "</serverUrl>"
           "<sessionId>" + NewSession() + "</sessionId><userId>" + user_id + "</userId><userInfo>"
           "<currencySymbol>$</currencySymbol><orgDefaultCurrencyIsoCode>USD</orgDefaultCurrencyIsoCode>"
           "<orgHasPersonAccounts>true</orgHasPersonAccounts><organizationId>" + org_id + "</organizationId>"
           "<organizationMultiCurrency>false</organizationMultiCurrency><organizationName>" + options_.org_name +
           "</organizationName><sessionSecondsValid>" + std::to_string(static_cast<int64_t>(options_.session_ttl_seconds)) +
           "</sessionSecondsValid><userEmail>" + options_.username + "</userEmail><userFullName>CRMArena Agent"
           "</userFullName><userId>" + user_id + "</userId><userLanguage>en_US</userLanguage><userLocale>en_US"
           "</userLocale><userName>" + options_.username + "</userName><userTimeZone>UTC</userTimeZone>"
           "<userType>Standard</userType></userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>";
  return r;
}

io::ServerResponse OrgApiServer::OAuthToken(const io::ServerRequest& request) {
  auto error = [](const std::string& code, const std::string& description) {
    return Json(400, "{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}");
  };
  if (FormValue(request.body, "grant_type") != "password") return error("unsupported_grant_type", "grant type not supported");
  if (FormValue(request.body, "username") != options_.username ||
      FormValue(request.body, "password") != options_.password + options_.security_token) {
    return error("invalid_grant", "authentication failure");
  }
  const std::string instance = InstanceUrl(request);
  const std::string id = instance + "/id/" + org::Id15To18(kOrgId15) + "/" + org::MakeRecordId("005", 999999);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  return Json(200, "{\"access_token\":\"" + NewSession() + "\",\"instance_url\":\"" + instance + "\",\"id\":\"" + id +
                       "\",\"token_type\":\"Bearer\",\"issued_at\":\"" + std::to_string(ms.count()) +
                       "\",\"signature\":\"c2ltdWxhdGVk\",\"scope\":\"api\"}");
}

io::ServerResponse OrgApiServer::Handle(const io::ServerRequest& request) {
  if (request.method == "POST" && request.path.rfind("/services/Soap/u/", 0) == 0) {
    if (request.body.find("logout") != std::string::npos && request.body.find("username") == std::string::npos) {
      io::ServerResponse r;
      r.headers.emplace_back("Content-Type", "text/xml;charset=UTF-8");
      r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
               "<soapenv:Body><logoutResponse/></soapenv:Body></soapenv:Envelope>";
      return r;
    }
    return SoapLogin(request);
  }
  if (request.method == "POST" && (request.path == "/services/oauth2/token" || request.path == "/services/oauth2/token/")) {
    return OAuthToken(request);
  }
  if (request.path.rfind("/services/data", 0) == 0) {
    io::ServerResponse r = Data(request);
    r.delay = options_.latency;
    return r;
  }
  return ApiError(404, "NOT_FOUND", "The requested resource does not exist");
}

io::ServerResponse OrgApiServer::Data(const io::ServerRequest& request) {
  if (request.path == "/services/data" || request.path == "/services/data/") {
    return Json(200, R"([{"label":"Summer '23","url":"/services/data/v58.0","version":"58.0"}])");
  }
  if (!ValidSession(request)) return ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid");
  const int64_t used = ++api_calls_;
  if (used > options_.daily_api_limit) return ApiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
  std::string version, rest;
  if (!SplitDataPath(request.path, &version, &rest)) return ApiError(404, "NOT_FOUND", "The requested resource does not exist");
  io::ServerResponse r;
  soql::QueryOptions qopts;
  qopts.api_version = version;
  qopts.batch_size = options_.page_size;
  auto run = [&](auto&& fn) {
    auto session = AcquireSession();
    if (!session) return ApiError(500, "UNKNOWN_EXCEPTION", "the org cannot be opened");
    auto outcome = fn(*session);
    ReleaseSession(std::move(session));
    if (!outcome.ok()) return ApiError(outcome.error().http_status, outcome.error().error_code, outcome.error().message);
    return Json(200, std::move(outcome).value());
  };
  if (rest == "query" || rest == "queryAll") {
    const std::string q = FormValue(request.query, "q");
    if (q.empty()) return ApiError(400, "MALFORMED_QUERY", "SOQL statements cannot be empty or null");
    r = run([&](soql::OrgSession& s) { return s.Query(q, qopts); });
  } else if (rest.rfind("query/", 0) == 0 || rest.rfind("queryAll/", 0) == 0) {
    const std::string locator = rest.substr(rest.find('/') + 1);
    r = run([&](soql::OrgSession& s) { return s.QueryMore(locator, qopts); });
  } else if (rest == "search") {
    const std::string q = FormValue(request.query, "q");
    if (q.empty()) return ApiError(400, "MALFORMED_SEARCH", "search statement cannot be empty");
    r = run([&](soql::OrgSession& s) { return s.Search(q, qopts); });
  } else if (rest.empty()) {
    r = Json(200, DataRootJson(version, InstanceUrl(request)));
  } else if (rest == "sobjects") {
    r = Json(200, DescribeGlobalJson(*schema_, version));
  } else if (rest.rfind("sobjects/", 0) == 0) {
    std::string name = rest.substr(9);
    const bool describe = name.size() > 9 && name.substr(name.size() - 9) == "/describe";
    if (describe) name = name.substr(0, name.size() - 9);
    const org::SObject* object = schema_->FindObject(name);
    if (object == nullptr || name.find('/') != std::string::npos) {
      return ApiError(404, "NOT_FOUND", "The requested resource does not exist");
    }
    r = Json(200, DescribeObjectJson(*object, version));
  } else if (rest == "limits") {
    r = Json(200, "{\"DailyApiRequests\":{\"Max\":" + std::to_string(options_.daily_api_limit) +
                      ",\"Remaining\":" + std::to_string(std::max<int64_t>(0, options_.daily_api_limit - used)) + "}}");
  } else {
    return ApiError(404, "NOT_FOUND", "The requested resource does not exist");
  }
  r.headers.emplace_back("Sforce-Limit-Info", "api-usage=" + std::to_string(used) + "/" + std::to_string(options_.daily_api_limit));
  return r;
}

}  // namespace crm::servers
