#include "web/sync_api.h"

#include <cstdlib>

#include "core/log.h"
#include "sync/wire.h"

namespace motcua::web {

Response HandleSyncRequest(sync::Hub& hub, const Request& req) {
  // civetweb hands over what arrived when a client vanishes mid-body: a cut
  // request is refused here, not blamed on its signature.
  if (req.Header("content-length") != std::to_string(req.body.size()) &&
      !(req.body.empty() && req.Header("content-length").empty())) {
    return Response::Json("{\"error\":\"body cut short\"}", 400);
  }
  sync::HubRequest h;
  h.method = req.method;
  h.target = req.path + (req.query_string.empty() ? "" : "?" + req.query_string);
  h.device = std::string(req.Header("x-sync-device"));
  h.nonce = std::string(req.Header("x-sync-nonce"));
  h.signature = std::string(req.Header("x-sync-signature"));
  h.body = req.body;
  sync::HubResponse r = hub.Handle(h);
  Response out;
  out.status = r.status;
  out.content_type = r.content_type;
  out.body = std::move(r.body);
  out.Header(sync::kHeaderHubTime, std::to_string(r.hub_time));
  return out;
}

Result<std::unique_ptr<SyncApi>> SyncApi::Start(const SyncApiOptions& o, sync::Hub& hub) {
  std::unique_ptr<SyncApi> api(new SyncApi());
  const size_t colon = o.listen.rfind(':');
  if (colon == std::string::npos) return InvalidArgument("hub_listen: expected HOST:PORT");
  ServerOptions sopt;
  // Behind the TLS front, civetweb listens on loopback only.
  sopt.listen = o.plain_http ? o.listen : "127.0.0.1:0";
  sopt.threads = o.threads;
  sopt.max_body_bytes = o.max_body_bytes;
  sopt.request_timeout_ms = o.request_timeout_ms;
  sopt.keep_alive_timeout_ms = 2000;
  sync::Hub* h = &hub;
  ASSIGN_OR_RETURN(api->server_, HttpServer::Start(sopt, [h](Request& req) {
                     return HandleSyncRequest(*h, req);
                   }));
  if (!o.plain_http) {
    crypto::TlsFrontOptions f;
    f.front.listen = {o.listen};
    f.cert_pem = o.cert_pem;
    f.key_pem = o.key_pem;
    f.front.backend_host = "127.0.0.1";
    f.front.backend_port = api->server_->Ports().at(0);
    f.front.shared_secret = o.front_secret;
    f.front.max_connections = 128;  // 75 communes, a few devices each at most
    f.front.max_connections_per_ip = 16;
    f.front.idle_timeout_ms = o.request_timeout_ms;
    f.front.name = "hub TLS front";
    api->front_ = std::make_unique<crypto::TlsFront>();
    RETURN_IF_ERROR(api->front_->Start(f));
  }
  log::Info(std::string("hub: devices connect on ") + (o.plain_http ? "http://" : "https://") +
            o.listen.substr(0, colon) + ":" + std::to_string(api->port()));
  return api;
}

SyncApi::~SyncApi() {
  front_.reset();
  server_.reset();
}

int SyncApi::port() const {
  if (front_) return front_->port();
  auto p = server_->Ports();
  return p.empty() ? 0 : p[0];
}

}  // namespace motcua::web
