#include "crypto/tls_config.h"

#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <sys/socket.h>

#include <cerrno>

namespace motcua::crypto::internal {
namespace {

// TLS 1.2 only (2.28 has no 1.3), forward-secret ECDHE with ECDSA
// certificates and AEAD ciphers only. ChaCha20 first: the target boards'
// Cortex-A53 cores run it faster than AES, since mbedTLS 2.28 has no ARMv8
// AES instructions (and the Pi's SoC lacks them); on x86 both are fast.
const int kCiphersuites[] = {
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    0,
};

// X25519 for key exchange where the peer offers it; P-256 is required for
// the ECDSA certificate itself.
const mbedtls_ecp_group_id kCurves[] = {
    MBEDTLS_ECP_DP_CURVE25519,
    MBEDTLS_ECP_DP_SECP256R1,
    MBEDTLS_ECP_DP_SECP384R1,
    MBEDTLS_ECP_DP_NONE,
};

Status CommonSetup(mbedtls_ssl_config* conf, int endpoint, Rng* rng) {
  int ret = mbedtls_ssl_config_defaults(conf, endpoint, MBEDTLS_SSL_TRANSPORT_STREAM,
                                        MBEDTLS_SSL_PRESET_DEFAULT);
  if (ret != 0) return MbedError(Code::kInternal, "ssl config defaults", ret);
  mbedtls_ssl_conf_rng(conf, RngCallback, rng);
  mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  mbedtls_ssl_conf_ciphersuites(conf, kCiphersuites);
  mbedtls_ssl_conf_curves(conf, kCurves);
  // Renegotiation is off by default in 2.28; say so explicitly, since a
  // renegotiating peer could otherwise make a read want a write.
  mbedtls_ssl_conf_renegotiation(conf, MBEDTLS_SSL_RENEGOTIATION_DISABLED);
  return Status::Ok();
}

Status CheckEcP256(mbedtls_pk_context* pk, std::string_view what) {
  if (mbedtls_pk_get_type(pk) != MBEDTLS_PK_ECKEY ||
      mbedtls_pk_ec(*pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
    return InvalidArgument(std::string(what) + " is not a P-256 EC key (ECDHE-ECDSA suites only)");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<TlsConfig>> MakeServerConfig(std::string_view cert_pem,
                                                    std::string_view key_pem, Rng* rng) {
  auto c = std::make_unique<TlsConfig>();
  RETURN_IF_ERROR(ParseCertificates(cert_pem, c->own_cert.get()));
  RETURN_IF_ERROR(ParsePrivateKey(key_pem, c->own_key.get()));
  RETURN_IF_ERROR(CheckEcP256(&c->own_cert.get()->pk, "certificate key"));
  if (mbedtls_pk_check_pair(&c->own_cert.get()->pk, c->own_key.get()) != 0) {
    return InvalidArgument("private key does not match the certificate");
  }
  RETURN_IF_ERROR(CommonSetup(c->conf.get(), MBEDTLS_SSL_IS_SERVER, rng));
  int ret = mbedtls_ssl_conf_own_cert(c->conf.get(), c->own_cert.get(), c->own_key.get());
  if (ret != 0) return MbedError(Code::kInternal, "ssl own cert", ret);
  mbedtls_ssl_conf_authmode(c->conf.get(), MBEDTLS_SSL_VERIFY_NONE);  // no client certs
  return c;
}

Result<std::unique_ptr<TlsConfig>> MakeClientConfig(std::string_view trusted_pem, Rng* rng) {
  auto c = std::make_unique<TlsConfig>();
  RETURN_IF_ERROR(ParseCertificates(trusted_pem, c->trusted.get()));
  RETURN_IF_ERROR(CommonSetup(c->conf.get(), MBEDTLS_SSL_IS_CLIENT, rng));
  mbedtls_ssl_conf_authmode(c->conf.get(), MBEDTLS_SSL_VERIFY_REQUIRED);
  mbedtls_ssl_conf_ca_chain(c->conf.get(), c->trusted.get(), nullptr);
  return c;
}

int BioSend(void* ctx, const unsigned char* buf, size_t len) {
  int fd = *static_cast<int*>(ctx);
  for (;;) {
    ssize_t n = ::send(fd, buf, len, MSG_NOSIGNAL);
    if (n >= 0) return static_cast<int>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return MBEDTLS_ERR_SSL_WANT_WRITE;
    if (errno == EPIPE || errno == ECONNRESET) return MBEDTLS_ERR_NET_CONN_RESET;
    return MBEDTLS_ERR_NET_SEND_FAILED;
  }
}

int BioRecv(void* ctx, unsigned char* buf, size_t len) {
  int fd = *static_cast<int*>(ctx);
  for (;;) {
    ssize_t n = ::recv(fd, buf, len, 0);
    if (n >= 0) return static_cast<int>(n);  // 0 = EOF, which mbedTLS reports
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return MBEDTLS_ERR_SSL_WANT_READ;
    if (errno == ECONNRESET) return MBEDTLS_ERR_NET_CONN_RESET;
    return MBEDTLS_ERR_NET_RECV_FAILED;
  }
}

}  // namespace motcua::crypto::internal
