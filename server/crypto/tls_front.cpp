#include "crypto/tls_front.h"

#include <algorithm>

#include "crypto/random.h"
#include "crypto/tls_config.h"

namespace motcua::crypto {

namespace {

using Io = net::ClientStream::Io;

// One client's TLS session over its non-blocking socket.
class TlsStream : public net::ClientStream {
 public:
  TlsStream(net::Fd fd, internal::TlsConfig* tls) : fd_(std::move(fd)), raw_fd_(fd_.get()) {
    setup_ret_ = mbedtls_ssl_setup(ssl_.get(), tls->conf.get());
    mbedtls_ssl_set_bio(ssl_.get(), &raw_fd_, internal::BioSend, internal::BioRecv, nullptr);
  }
  int fd() const override { return raw_fd_; }

  Io Handshake() override {
    if (setup_ret_ != 0) return Fail(setup_ret_);
    return Map(mbedtls_ssl_handshake(ssl_.get()));
  }
  Io Read(char* buf, size_t cap, size_t* n) override {
    int ret = mbedtls_ssl_read(ssl_.get(), reinterpret_cast<unsigned char*>(buf), cap);
    if (ret > 0) {
      *n = static_cast<size_t>(ret);
      return Io::kOk;
    }
    if (ret == 0 || ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
      return Io::kClosed;
    }
    return Map(ret);
  }
  Io Write(const char* buf, size_t len, size_t* n) override {
    int ret = mbedtls_ssl_write(ssl_.get(), reinterpret_cast<const unsigned char*>(buf), len);
    if (ret > 0) {
      *n = static_cast<size_t>(ret);
      return Io::kOk;
    }
    return ret == 0 ? Io::kWantWrite : Map(ret);
  }
  Io Close() override { return Map(mbedtls_ssl_close_notify(ssl_.get())); }
  std::string Error() const override { return error_; }

 private:
  Io Map(int ret) {
    if (ret == 0) return Io::kOk;
    if (ret == MBEDTLS_ERR_SSL_WANT_READ) return Io::kWantRead;
    if (ret == MBEDTLS_ERR_SSL_WANT_WRITE) return Io::kWantWrite;
    return Fail(ret);
  }
  Io Fail(int ret) {
    error_ = internal::MbedErrorText(ret);
    return Io::kError;
  }

  // Destroyed bottom-up: the SSL context before the socket its BIO names.
  net::Fd fd_;
  int raw_fd_;  // BIO context; lives as long as ssl_
  internal::SslContext ssl_;
  int setup_ret_ = 0;
  std::string error_;
};

}  // namespace

struct TlsFront::Impl {
  // Declaration order is destruction order reversed: the TLS config points
  // at the DRBG, and the connection threads (inside front) point at both.
  std::unique_ptr<DrbgRng> rng;
  std::unique_ptr<internal::TlsConfig> tls;
  net::Front front;
  bool started = false;
};

TlsFront::TlsFront() : impl_(std::make_unique<Impl>()) {}
TlsFront::~TlsFront() { Stop(); }

net::FrontOptions TlsFrontOptions::DefaultFront() {
  net::FrontOptions f;
  f.listen = {"0.0.0.0:443"};
  f.max_connections = 64;
  f.max_connections_per_ip = 32;
  f.name = "TLS front";
  return f;
}

Status TlsFront::Start(TlsFrontOptions o) {
  Impl& m = *impl_;
  if (m.started) return Status(Code::kAlreadyExists, "TLS front already started");
  if (o.front.listen.size() != 1) return InvalidArgument("the TLS front listens on one address");
  net::FrontOptions f = std::move(o.front);
  f.tls = true;
  // A whole allowed body may wait in the front while the backend is slow.
  f.max_buffered_bytes = std::max<uint64_t>(f.max_buffered_bytes, f.limits.max_body_bytes);
  ASSIGN_OR_RETURN(m.rng, DrbgRng::Create("motcua tls front"));
  ASSIGN_OR_RETURN(m.tls, internal::MakeServerConfig(o.cert_pem, o.key_pem, m.rng.get()));
  internal::TlsConfig* tls = m.tls.get();
  RETURN_IF_ERROR(m.front.Start(std::move(f), [tls](net::Fd fd) {
    return std::unique_ptr<net::ClientStream>(new TlsStream(std::move(fd), tls));
  }));
  m.started = true;
  return Status::Ok();
}

void TlsFront::Stop() {
  Impl& m = *impl_;
  if (!m.started) return;
  m.front.Stop();
  m.started = false;
}

int TlsFront::port() const {
  std::vector<int> p = impl_->front.ports();
  return p.empty() ? 0 : p[0];
}

TlsFrontStats TlsFront::stats() const { return impl_->front.stats(); }

}  // namespace motcua::crypto
