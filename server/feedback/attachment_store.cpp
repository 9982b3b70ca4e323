#include "feedback/attachment_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "crypto/hash.h"

namespace motcua::feedback {

namespace {

Status Errno(const std::string& what) { return IoError(what + ": " + std::strerror(errno)); }

Status MakeDirs(const std::string& dir) {
  if (dir.empty()) return Status::Ok();
  struct stat sb;
  if (stat(dir.c_str(), &sb) == 0) {
    return S_ISDIR(sb.st_mode) ? Status::Ok() : IoError(dir + " is not a directory");
  }
  const size_t slash = dir.rfind('/');
  if (slash != std::string::npos && slash > 0) RETURN_IF_ERROR(MakeDirs(dir.substr(0, slash)));
  if (mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST) return Errno("mkdir " + dir);
  return Status::Ok();
}

Status FsyncDir(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open " + dir);
  int rc = fsync(fd);
  int saved = errno;
  close(fd);
  errno = saved;
  return rc == 0 ? Status::Ok() : Errno("fsync " + dir);
}

}  // namespace

Result<AttachmentStore> AttachmentStore::Open(const std::string& dir) {
  RETURN_IF_ERROR(MakeDirs(dir));
  return AttachmentStore(dir);
}

Result<StoredFile> AttachmentStore::Write(std::string_view data, std::string_view extension,
                                          Rng& rng) const {
  unsigned char raw[16];
  rng.Fill(raw, sizeof raw);
  static const char kHex[] = "0123456789abcdef";
  StoredFile f;
  for (unsigned char c : raw) {
    f.name.push_back(kHex[c >> 4]);
    f.name.push_back(kHex[c & 15]);
  }
  f.name.append(extension.data(), extension.size());
  f.sha256 = crypto::Sha256Hex(data);
  f.size = static_cast<int64_t>(data.size());

  const std::string final_path = PathOf(f.name);
  const std::string part_path = final_path + ".part";
  int fd = open(part_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Errno("create attachment");
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status st = Errno("write attachment");
      close(fd);
      unlink(part_path.c_str());
      return st;
    }
    off += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    Status st = Errno("fsync attachment");
    close(fd);
    unlink(part_path.c_str());
    return st;
  }
  if (close(fd) != 0) {
    Status st = Errno("close attachment");
    unlink(part_path.c_str());
    return st;
  }
  if (rename(part_path.c_str(), final_path.c_str()) != 0) {
    Status st = Errno("rename attachment");
    unlink(part_path.c_str());
    return st;
  }
  // The new directory entry must be on disk before the commit refers to it.
  Status st = FsyncDir(dir_);
  if (!st.ok()) {
    unlink(final_path.c_str());
    return st;
  }
  return f;
}

void AttachmentStore::Remove(const std::string& name) const {
  if (name.empty() || name.find('/') != std::string::npos) return;
  unlink(PathOf(name).c_str());
}

Result<int> AttachmentStore::Sweep(const std::set<std::string>& referenced) const {
  DIR* d = opendir(dir_.c_str());
  if (!d) return Errno("opendir " + dir_);
  int removed = 0;
  while (struct dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == ".." || referenced.count(name)) continue;
    struct stat sb;
    if (lstat(PathOf(name).c_str(), &sb) != 0 || !S_ISREG(sb.st_mode)) continue;
    if (unlink(PathOf(name).c_str()) == 0) ++removed;
  }
  closedir(d);
  if (removed > 0) RETURN_IF_ERROR(FsyncDir(dir_));
  return removed;
}

}  // namespace motcua::feedback
