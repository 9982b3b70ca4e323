#include "crypto/tls_client.h"

#include <poll.h>

#include "net/socket.h"
#include "crypto/tls_config.h"

namespace motcua::crypto {

using internal::IsWant;
using internal::MbedError;
using net::WaitFd;
using net::WaitResult;

struct TlsClient::Impl {
  // Destroyed bottom-up: the SSL context before the config it points at,
  // and both before the socket their BIO context names.
  net::Fd fd;
  int raw_fd = -1;  // BIO context
  std::unique_ptr<internal::TlsConfig> tls;
  internal::SslContext ssl;
  int io_timeout_ms = 0;
  bool closed = false;

  // Waits for what mbedTLS asked for; false on timeout.
  bool WaitFor(int ret, int64_t deadline) {
    short ev = ret == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT;
    return WaitFd(raw_fd, ev, deadline) == WaitResult::kReady;
  }
};

TlsClient::TlsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TlsClient::~TlsClient() { Close(); }

Result<std::unique_ptr<TlsClient>> TlsClient::Connect(const TlsClientOptions& o, Rng& rng) {
  auto m = std::make_unique<Impl>();
  m->io_timeout_ms = o.io_timeout_ms;
  ASSIGN_OR_RETURN(m->tls, internal::MakeClientConfig(o.trusted_pem, &rng));
  ASSIGN_OR_RETURN(m->fd, net::ConnectTcp(o.host, o.port, o.connect_timeout_ms));
  m->raw_fd = m->fd.get();
  int ret = mbedtls_ssl_setup(m->ssl.get(), m->tls->conf.get());
  if (ret != 0) return MbedError(Code::kInternal, "ssl setup", ret);
  if (!o.server_name.empty()) {
    ret = mbedtls_ssl_set_hostname(m->ssl.get(), o.server_name.c_str());
    if (ret != 0) return MbedError(Code::kInvalidArgument, "server name", ret);
  }
  mbedtls_ssl_set_bio(m->ssl.get(), &m->raw_fd, internal::BioSend, internal::BioRecv, nullptr);

  int64_t deadline = net::MonotonicNowMs() + o.connect_timeout_ms;
  for (;;) {
    ret = mbedtls_ssl_handshake(m->ssl.get());
    if (ret == 0) break;
    if (!IsWant(ret)) {
      if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
        char info[256];
        mbedtls_x509_crt_verify_info(info, sizeof info, "",
                                     mbedtls_ssl_get_verify_result(m->ssl.get()));
        return Status(Code::kPermissionDenied,
                      "server certificate not trusted: " + std::string(info));
      }
      return MbedError(Code::kUnavailable, "TLS handshake with " + o.host, ret);
    }
    if (!m->WaitFor(ret, deadline)) {
      return Status(Code::kUnavailable, "TLS handshake with " + o.host + " timed out");
    }
  }
  return std::unique_ptr<TlsClient>(new TlsClient(std::move(m)));
}

Status TlsClient::WriteAll(std::string_view data) {
  Impl& m = *impl_;
  if (m.closed) return Status(Code::kUnavailable, "connection closed");
  int64_t deadline = net::MonotonicNowMs() + m.io_timeout_ms;
  while (!data.empty()) {
    int ret = mbedtls_ssl_write(m.ssl.get(), internal::U8(data), data.size());
    if (ret > 0) {
      data.remove_prefix(static_cast<size_t>(ret));
      continue;
    }
    // On WANT_* mbedTLS wants the same buffer again: `data` is unchanged.
    if (!IsWant(ret)) return MbedError(Code::kUnavailable, "TLS write", ret);
    if (!m.WaitFor(ret, deadline)) return Status(Code::kUnavailable, "TLS write timed out");
  }
  return Status::Ok();
}

Result<size_t> TlsClient::Read(char* buf, size_t capacity) {
  Impl& m = *impl_;
  if (m.closed) return Status(Code::kUnavailable, "connection closed");
  int64_t deadline = net::MonotonicNowMs() + m.io_timeout_ms;
  for (;;) {
    int ret = mbedtls_ssl_read(m.ssl.get(), reinterpret_cast<unsigned char*>(buf), capacity);
    if (ret > 0) return static_cast<size_t>(ret);
    if (ret == 0 || ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
      return size_t{0};
    }
    if (!IsWant(ret)) return MbedError(Code::kUnavailable, "TLS read", ret);
    if (!m.WaitFor(ret, deadline)) return Status(Code::kUnavailable, "TLS read timed out");
  }
}

Result<std::string> TlsClient::ReadToEnd(size_t max_bytes) {
  std::string out;
  char buf[16384];
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, Read(buf, sizeof buf));
    if (n == 0) return out;
    if (out.size() + n > max_bytes) {
      return Status(Code::kResourceExhausted, "response larger than " + std::to_string(max_bytes));
    }
    out.append(buf, n);
  }
}

void TlsClient::Close() {
  Impl& m = *impl_;
  if (m.closed) return;
  m.closed = true;
  // One non-blocking attempt: a peer that is gone must not delay shutdown.
  mbedtls_ssl_close_notify(m.ssl.get());
  m.fd.Reset();
}

}  // namespace motcua::crypto
