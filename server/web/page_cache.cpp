#include "web/page_cache.h"

#include "web/static_files.h"

namespace motcua::web {

std::shared_ptr<const Response> PageCache::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : it->second;
}

std::shared_ptr<const Response> PageCache::Put(const std::string& key, Response resp) {
  if (resp.body.size() > 1024) resp.gzip_body = Gzip(resp.body);
  auto stored = std::make_shared<const Response>(std::move(resp));
  const size_t size = key.size() + stored->body.size() + stored->gzip_body.size();
  std::lock_guard<std::mutex> lock(mu_);
  if (size > max_bytes_) return stored;  // too big to keep; still served
  // Simple and bounded: when full, start over. Pages re-render in ~1 ms.
  if (bytes_ + size > max_bytes_) {
    map_.clear();
    bytes_ = 0;
  }
  auto [it, inserted] = map_.emplace(key, stored);
  if (inserted) bytes_ += size;
  return it->second;
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
