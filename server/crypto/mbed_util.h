// Private to server/crypto/: RAII owners for mbedTLS contexts and error
// conversion. No header outside this directory may include this one, so the
// rest of the program never sees an mbedTLS type (the API changes in 3.x).
#pragma once

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>  // also declares x509write_crt in 2.28

#include <cstddef>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::crypto::internal {

// Owns one mbedTLS context: init in the constructor, free in the destructor,
// so every exit path releases it. Not copyable and not movable: several
// contexts keep pointers into each other (ssl -> conf, conf -> cert), so
// they must stay where they were made; hold them in unique_ptr to move.
template <typename T, void (*Init)(T*), void (*Free)(T*)>
class Owned {
 public:
  Owned() { Init(&ctx_); }
  ~Owned() { Free(&ctx_); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;

  T* get() { return &ctx_; }
  const T* get() const { return &ctx_; }

 private:
  T ctx_;
};

using MdContext = Owned<mbedtls_md_context_t, mbedtls_md_init, mbedtls_md_free>;
using PkContext = Owned<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free>;
using Mpi = Owned<mbedtls_mpi, mbedtls_mpi_init, mbedtls_mpi_free>;
using X509Crt = Owned<mbedtls_x509_crt, mbedtls_x509_crt_init, mbedtls_x509_crt_free>;
using X509WriteCrt =
    Owned<mbedtls_x509write_cert, mbedtls_x509write_crt_init, mbedtls_x509write_crt_free>;
using Entropy = Owned<mbedtls_entropy_context, mbedtls_entropy_init, mbedtls_entropy_free>;
using CtrDrbg = Owned<mbedtls_ctr_drbg_context, mbedtls_ctr_drbg_init, mbedtls_ctr_drbg_free>;
using SslConfig = Owned<mbedtls_ssl_config, mbedtls_ssl_config_init, mbedtls_ssl_config_free>;
using SslContext = Owned<mbedtls_ssl_context, mbedtls_ssl_init, mbedtls_ssl_free>;

// "what: mbedTLS message (-0x1234)".
std::string MbedErrorText(int ret);
Status MbedError(Code code, std::string_view what, int ret);

// Adapts any motcua::Rng to mbedTLS's f_rng callback; p_rng is the Rng*.
// Rng::Fill cannot fail (it aborts rather than return weak bytes).
int RngCallback(void* p_rng, unsigned char* out, size_t len);

inline const unsigned char* U8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// mbedTLS's PEM parsers want a NUL-terminated buffer whose length counts the
// NUL; string_view does not promise one, so parse from a copy.
Status ParsePrivateKey(std::string_view pem, mbedtls_pk_context* pk);
Status ParsePublicKey(std::string_view pem, mbedtls_pk_context* pk);
Status ParseCertificates(std::string_view pem, mbedtls_x509_crt* crt);

// Overwrites a string's bytes (for copies of secrets) before it is freed.
inline void Wipe(std::string* s) { mbedtls_platform_zeroize(s->data(), s->size()); }

}  // namespace motcua::crypto::internal
