// Private to server/crypto/: the one place that decides TLS parameters for
// both the HTTPS front (server) and the hub client, and the socket callbacks
// mbedTLS reads and writes through.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/mbed_util.h"

namespace motcua::crypto::internal {

// Everything an mbedtls_ssl_config points at, kept together so the config
// can never outlive its certificates. `conf` is declared last so it is freed
// first. Shared read-only by all connections once built.
struct TlsConfig {
  X509Crt own_cert;
  PkContext own_key;
  X509Crt trusted;
  SslConfig conf;
};

// TLS 1.2 server with an ECDSA P-256 certificate. `rng` must be thread-safe
// and outlive the config.
Result<std::unique_ptr<TlsConfig>> MakeServerConfig(std::string_view cert_pem,
                                                    std::string_view key_pem, Rng* rng);

// TLS 1.2 client that accepts only servers whose certificate chains to (or
// is) one of the certificates in `trusted_pem`.
Result<std::unique_ptr<TlsConfig>> MakeClientConfig(std::string_view trusted_pem, Rng* rng);

// mbedTLS BIO callbacks over a non-blocking socket; ctx points at the int fd.
// mbedTLS's own mbedtls_net_send uses write(), which raises SIGPIPE when the
// peer has gone and would kill the server; these use send(MSG_NOSIGNAL).
int BioSend(void* ctx, const unsigned char* buf, size_t len);
int BioRecv(void* ctx, unsigned char* buf, size_t len);

inline bool IsWant(int ret) {
  return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
}

}  // namespace motcua::crypto::internal
