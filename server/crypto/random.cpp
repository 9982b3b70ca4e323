#include "crypto/random.h"

#include <cstdio>
#include <cstdlib>

#include "crypto/encoding.h"
#include "crypto/mbed_util.h"

namespace motcua::crypto {

struct DrbgRng::Impl {
  // Declared in this order so the DRBG (which points at the entropy
  // context) is freed first.
  internal::Entropy entropy;
  internal::CtrDrbg drbg;
};

DrbgRng::DrbgRng(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DrbgRng::~DrbgRng() = default;

Result<std::unique_ptr<DrbgRng>> DrbgRng::Create(std::string_view personalization) {
  auto impl = std::make_unique<Impl>();
  int ret = mbedtls_ctr_drbg_seed(impl->drbg.get(), mbedtls_entropy_func, impl->entropy.get(),
                                  internal::U8(personalization), personalization.size());
  if (ret != 0) return internal::MbedError(Code::kUnavailable, "seeding CTR_DRBG", ret);
  return std::unique_ptr<DrbgRng>(new DrbgRng(std::move(impl)));
}

void DrbgRng::Fill(void* buf, size_t n) {
  auto* p = static_cast<unsigned char*>(buf);
  // mbedTLS also locks inside the DRBG when built with threading, but the
  // entropy context it reseeds from is shared too; one lock covers both and
  // does not depend on how the library was configured.
  std::lock_guard<std::mutex> lock(mu_);
  while (n > 0) {
    size_t chunk = n < MBEDTLS_CTR_DRBG_MAX_REQUEST ? n : MBEDTLS_CTR_DRBG_MAX_REQUEST;
    int ret = mbedtls_ctr_drbg_random(impl_->drbg.get(), p, chunk);
    if (ret != 0) {
      std::fprintf(stderr, "CTR_DRBG failed: %s\n", internal::MbedErrorText(ret).c_str());
      std::abort();
    }
    p += chunk;
    n -= chunk;
  }
}

std::string RandomToken(Rng& rng, size_t bytes) {
  std::string raw(bytes, '\0');
  rng.Fill(raw.data(), raw.size());
  std::string token = Base64UrlEncode(raw);
  internal::Wipe(&raw);
  return token;
}

}  // namespace motcua::crypto
