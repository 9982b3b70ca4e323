#include "web/page_cache.h"

#include "web/static_files.h"

namespace motcua::web {

std::optional<Response> PageCache::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = map_.find(key);
  if (it == map_.end()) return std::nullopt;
  return it->second;  // copies headers and two shared pointers, not the page
}

Response PageCache::Put(const std::string& key, Response resp) {
  Response stored = std::move(resp);
  if (stored.body.size() > 1024) {
    stored.shared_gzip = std::make_shared<const std::string>(Gzip(stored.body));
  }
  stored.shared_body = std::make_shared<const std::string>(std::move(stored.body));
  stored.body.clear();
  stored.gzip_body.clear();
  const size_t size =
      key.size() + stored.shared_body->size() + (stored.shared_gzip ? stored.shared_gzip->size() : 0);
  std::lock_guard<std::mutex> lock(mu_);
  if (size > max_bytes_) return stored;  // too big to keep; still served
  // Simple and bounded: when full, start over. Pages re-render in ~1 ms.
  if (bytes_ + size > max_bytes_) {
    map_.clear();
    bytes_ = 0;
  }
  auto [it, inserted] = map_.emplace(key, stored);
  if (inserted) bytes_ += size;
  return stored;
}

void PageCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  map_.clear();
  bytes_ = 0;
}

size_t PageCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

size_t PageCache::entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return map_.size();
}

}  // namespace motcua::web
